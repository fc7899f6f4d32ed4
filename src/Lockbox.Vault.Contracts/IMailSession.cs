// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// One login's view of a mailbox owner's mail. Disposing it ends the session; when the user's last session
/// ends (after a short grace period), the unlocked key is dropped and its buffers zeroed.
/// </summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>The address the session belongs to, as stored.</summary>
    string Address { get; }

    /// <summary>Whether the server can show this user's mail in clear.</summary>
    MailAccess Access { get; }

    /// <summary>The user's mailboxes, ordered by name.</summary>
    Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken);

    /// <summary>Every message of a mailbox, in UID order, with its decrypted metadata.</summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<IReadOnlyList<MessageInfo>> ListMessagesAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// The whole message, as plaintext, verified before the first byte is released. The caller owns the stream.
    /// For <see cref="MailAccess.PublicKeyOnly"/> users this is the stored OpenPGP form.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MessageNotFoundException">No message with this UID.</exception>
    Task<Stream> OpenMessageAsync(string mailbox, long uid, CancellationToken cancellationToken);

    /// <summary>
    /// The UIDs, ascending, of the mailbox's messages that match <paramref name="query"/>. Text keys run over the
    /// encrypted search index (docs/decisions/0009), never over the stored messages.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="SearchUnavailableException">A text or SENT* key for a <see cref="MailAccess.PublicKeyOnly"/> user.</exception>
    Task<IReadOnlyList<long>> SearchAsync(string mailbox, SearchQuery query, CancellationToken cancellationToken);
}
