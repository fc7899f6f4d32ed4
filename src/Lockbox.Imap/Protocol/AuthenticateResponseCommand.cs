// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// The client's answer to a SASL challenge: valid base64 text, or null when the client sent "*" to
/// cancel (RFC 3501 section 6.2.2; the server then replies BAD). Redacted in <see cref="ToString"/>.
/// </summary>
public sealed record AuthenticateResponseCommand(string? Response) : ImapCommand(ImapVerb.AuthenticateResponse)
{
    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Response = ").Append(Response is null ? "cancelled" : "***");
        return true;
    }
}
