// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>
/// Where an IMAP session is (RFC 3501 section 3). A closed hierarchy: each state carries only what
/// is valid in it, so no code can reach a selected mailbox unless one is selected (STYLE.md section 3.5).
/// </summary>
internal abstract record ImapSessionState
{
    ImapSessionState()
    {
    }

    /// <summary>Connected, before LOGIN or AUTHENTICATE.</summary>
    public sealed record NotAuthenticated : ImapSessionState
    {
        public static NotAuthenticated Instance { get; } = new();
    }

    /// <summary>Logged in: the Vault session is open. The connection owns it and disposes it on close.</summary>
    public abstract record LoggedIn : ImapSessionState
    {
        LoggedIn(IMailSession mail)
        {
            Mail = mail;
        }

        public IMailSession Mail { get; }

        /// <summary>Logged in, no mailbox selected.</summary>
        public sealed record Authenticated(IMailSession Session) : LoggedIn(Session);

        /// <summary>A mailbox is selected; <see cref="Mailbox"/> is the snapshot sequence numbers refer to.</summary>
        public sealed record Selected(IMailSession Session, SelectedMailbox Mailbox) : LoggedIn(Session);
    }
}
