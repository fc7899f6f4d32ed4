// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>LOGIN user password (RFC 3501 section 6.2.3). The password never appears in <see cref="ToString"/>.</summary>
public sealed record LoginCommand(string User, string Password) : ImapCommand(ImapVerb.Login)
{
    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("User = ").Append(User).Append(", Password = ***");
        return true;
    }
}
