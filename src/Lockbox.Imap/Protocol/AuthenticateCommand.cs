// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// AUTHENTICATE mechanism [initial-response] (RFC 3501 section 6.2.2, SASL-IR RFC 4959).
/// <see cref="InitialResponse"/> is the base64 text as sent, already checked to be valid base64;
/// "" stands for the "=" of an empty initial response, null for none. It is redacted in <see cref="ToString"/>.
/// </summary>
public sealed record AuthenticateCommand(string Mechanism, string? InitialResponse) : ImapCommand(ImapVerb.Authenticate)
{
    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Mechanism = ").Append(Mechanism).Append(", InitialResponse = ").Append(InitialResponse is null ? "null" : "***");
        return true;
    }
}
