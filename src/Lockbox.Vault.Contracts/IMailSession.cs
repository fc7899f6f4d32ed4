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
    /// Changes the flags of the messages with these UIDs (UIDs not in the mailbox are skipped). Flags are system
    /// flags ("\Seen", "\Answered", "\Flagged", "\Deleted", "\Draft", any case) and keywords (RFC 3501
    /// flag-keyword atoms, compared case-insensitively). Each changed message gets a new MODSEQ (RFC 7162); with
    /// <paramref name="unchangedSince"/>, messages changed after it are left alone and listed in <see cref="StoreOutcome.Failed"/>.
    /// Sessions waiting in <see cref="WaitForChangeAsync"/> are woken after the commit.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="ArgumentException">A flag is not a settable system flag ("\Recent" is not) nor a valid keyword.</exception>
    Task<StoreOutcome> StoreFlagsAsync(
        string mailbox, IReadOnlyList<long> uids, FlagChange change, IReadOnlyList<string> flags, long? unchangedSince, CancellationToken cancellationToken);

    /// <summary>
    /// Permanently removes the messages flagged "\Deleted" (only those among <paramref name="uids"/> when given:
    /// RFC 4315 UID EXPUNGE). Their UIDs are never reused. Blobs no other message shares are deleted after the commit.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<ExpungeOutcome> ExpungeAsync(string mailbox, IReadOnlyList<long>? uids, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the messages with these UIDs into <paramref name="target"/>, keeping flags and internal date, with new
    /// UIDs there; the stored (encrypted) form is reused as it is. With <paramref name="move"/> the originals are
    /// removed in the same transaction (RFC 6851): either both steps happen or neither.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">The source or the target does not exist.</exception>
    Task<CopyOutcome> CopyMessagesAsync(string mailbox, IReadOnlyList<long> uids, string target, bool move, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the mailbox's HIGHESTMODSEQ is above <paramref name="knownModSeq"/>, returning it: a delivery,
    /// APPEND, flag change, expunge, copy or move by any session has committed. Returns at once if that already
    /// happened, so a caller that passes the value it last saw never misses a change (RFC 2177 IDLE).
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<long> WaitForChangeAsync(string mailbox, long knownModSeq, CancellationToken cancellationToken);
}
