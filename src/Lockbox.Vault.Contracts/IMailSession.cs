// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// One login's view of a mailbox owner's mail. Disposing it ends the session; when the user's last session
/// ends (after a short grace period), the unlocked key is dropped and its buffers zeroed. Any call may throw
/// <see cref="MailboxOperationException"/> with <see cref="MailboxError.Unavailable"/> when the store cannot answer now:
/// that call failed, and the session stays usable.
/// </summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>The address the session belongs to, as stored.</summary>
    string Address { get; }

    /// <summary>Whether the server can show this user's mail in clear.</summary>
    MailAccess Access { get; }

    /// <summary>The user's mailboxes, ordered by name.</summary>
    Task<IReadOnlyList<MailboxInfo>> ListMailboxesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every message of a mailbox, in UID order: UID, MODSEQ, flags and internal date, without metadata. Cheap to
    /// repeat: an unchanged mailbox is answered from memory.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<IReadOnlyList<MessageInfo>> ListMessagesAsync(string mailbox, CancellationToken cancellationToken);

    /// <summary>
    /// The decrypted metadata of the messages with these UIDs, by UID (docs/decisions/0014). UIDs not in the mailbox
    /// (never there, or expunged by any session) are absent. For a <see cref="MailAccess.PublicKeyOnly"/> user an encrypted
    /// message's metadata is that of the PGP/MIME form <see cref="OpenMessageAsync"/> serves (RFC 3156), whose size and
    /// offsets match those bytes exactly. Metadata never changes for a message, so the result may be kept.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<IReadOnlyDictionary<long, MessageMetadata>> GetMetadataAsync(string mailbox, IReadOnlyList<long> uids, CancellationToken cancellationToken);

    /// <summary>
    /// The whole message, as plaintext, verified before the first byte is released. The caller owns the stream.
    /// For <see cref="MailAccess.PublicKeyOnly"/> users an encrypted message comes as an RFC 3156 PGP/MIME message built
    /// around the stored OpenPGP message (docs/decisions/0018): outer Date, From, To, Message-ID, Subject "...", and the
    /// armored message, whose plaintext is the whole delivered message.
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

    /// <summary>
    /// Changes the flags of the messages with these UIDs (UIDs not in the mailbox are skipped). Flags are system
    /// flags ("\Seen", "\Answered", "\Flagged", "\Deleted", "\Draft", any case) and keywords (RFC 3501
    /// flag-keyword atoms, compared case-insensitively). Each changed message gets a new MODSEQ (RFC 7162); with
    /// <paramref name="unchangedSince"/>, messages changed after it are left alone and listed in <see cref="StoreOutcome.Failed"/>.
    /// Sessions waiting in <see cref="WaitForChangeAsync"/> are woken after the commit.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="ArgumentException">A flag is not a settable system flag ("\Recent" is not) nor a valid keyword.</exception>
    /// <exception cref="MailboxOperationException">(<see cref="MailboxError.Unavailable"/>) The store cannot take the change now; nothing changed.</exception>
    Task<StoreOutcome> StoreFlagsAsync(
        string mailbox, IReadOnlyList<long> uids, FlagChange change, IReadOnlyList<string> flags, long? unchangedSince, CancellationToken cancellationToken);

    /// <summary>
    /// Permanently removes the messages flagged "\Deleted" (only those among <paramref name="uids"/> when given:
    /// RFC 4315 UID EXPUNGE). Their UIDs are never reused. Blobs no other message shares are deleted after the commit.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MailboxOperationException">(<see cref="MailboxError.Unavailable"/>) The store cannot take the change now; nothing changed.</exception>
    Task<ExpungeOutcome> ExpungeAsync(string mailbox, IReadOnlyList<long>? uids, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the messages with these UIDs into <paramref name="target"/>, keeping flags and internal date, with new
    /// UIDs there; the stored (encrypted) form is reused as it is. With <paramref name="move"/> the originals are
    /// removed in the same transaction (RFC 6851): either both steps happen or neither.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">The source or the target does not exist.</exception>
    /// <exception cref="MailboxOperationException">(<see cref="MailboxError.Unavailable"/>) The store cannot take the change now; nothing changed.</exception>
    Task<CopyOutcome> CopyMessagesAsync(string mailbox, IReadOnlyList<long> uids, string target, bool move, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the mailbox's HIGHESTMODSEQ is above <paramref name="knownModSeq"/>, returning it: a delivery,
    /// APPEND, flag change, expunge, copy or move by any session has committed. Returns at once if that already
    /// happened, so a caller that passes the value it last saw never misses a change (RFC 2177 IDLE).
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<long> WaitForChangeAsync(string mailbox, long knownModSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a mailbox, and any missing superiors (RFC 3501 section 6.3.3). Names use "/" as the hierarchy
    /// delimiter and follow the rules Vault enforces for every front end (docs/decisions/0011-mailbox-names.md).
    /// </summary>
    /// <exception cref="MailboxOperationException">AlreadyExists, InvalidName.</exception>
    Task CreateMailboxAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes a mailbox and its messages; its subscription stays (RFC 3501 section 6.3.4).</summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MailboxOperationException">HasChildren; NotAllowed for INBOX.</exception>
    Task DeleteMailboxAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Renames a mailbox with its inferiors, creating missing superiors of the new name. Renaming INBOX moves
    /// its messages into a new mailbox and leaves INBOX empty (RFC 3501 section 6.3.5).
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No mailbox <paramref name="oldName"/>.</exception>
    /// <exception cref="MailboxOperationException">AlreadyExists, InvalidName; NotAllowed into its own inferior.</exception>
    Task RenameMailboxAsync(string oldName, string newName, CancellationToken cancellationToken);

    /// <summary>Subscribes to an existing mailbox (RFC 3501 section 6.3.6).</summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task SubscribeAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes a subscription, whether or not the mailbox still exists; a name not subscribed is no error.</summary>
    Task UnsubscribeAsync(string name, CancellationToken cancellationToken);

    /// <summary>The subscribed names, ordered, including those whose mailbox was deleted (LIST shows \NonExistent).</summary>
    Task<IReadOnlyList<string>> ListSubscriptionsAsync(CancellationToken cancellationToken);

    /// <summary>The user's stored bytes and their storage limit (IMAP GETQUOTA, the webmail's usage line).</summary>
    Task<QuotaUsage> GetQuotaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores a message in the user's mailbox through the delivery funnel (IMAP APPEND): encrypted to the user's
    /// key when they have one, never stored in clear otherwise, with no trace headers, so the stored message is
    /// exactly the bytes read. <paramref name="message"/> is read once, forward only, and never held whole.
    /// </summary>
    /// <param name="mailbox">The target mailbox.</param>
    /// <param name="flags">System flags to set ("\Seen", ...); others are ignored.</param>
    /// <param name="internalDate">The INTERNALDATE; now when null.</param>
    /// <param name="message">The RFC 5322 bytes.</param>
    /// <param name="cancellationToken">Cancels the append; nothing is stored then.</param>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MailboxOperationException">Unavailable: the message could not be stored now.</exception>
    Task<AppendResult> AppendAsync(
        string mailbox, IReadOnlyCollection<string> flags, DateTimeOffset? internalDate, Stream message, CancellationToken cancellationToken);

    /// <summary>
    /// The message decoded for reading (docs/decisions/0025): display headers, text and HTML bodies, the attachment list
    /// and the inline images the HTML shows. Parsed in memory, never written anywhere. A
    /// <see cref="MailAccess.PublicKeyOnly"/> user's encrypted message is read in the form <see cref="OpenMessageAsync"/>
    /// serves, so it has no readable body.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MessageNotFoundException">No message with this UID.</exception>
    Task<Reading.ReadableMessage> ReadMessageAsync(string mailbox, long uid, CancellationToken cancellationToken);

    /// <summary>
    /// One leaf part of the message, decoded, for a download: <paramref name="part"/> is the index
    /// <see cref="Reading.MessageAttachment.Part"/> gives.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    /// <exception cref="MessageNotFoundException">No message with this UID, or it has no part with this index.</exception>
    Task<Reading.MessagePartContent> OpenPartAsync(string mailbox, long uid, int part, CancellationToken cancellationToken);

    /// <summary>
    /// What a message list shows of these messages, by UID, decoded from their metadata (<see cref="GetMetadataAsync"/>,
    /// whose rules for absent UIDs and zero-access users apply).
    /// </summary>
    /// <exception cref="MailboxNotFoundException">No such mailbox.</exception>
    Task<IReadOnlyDictionary<long, Reading.MessageSummary>> GetSummariesAsync(string mailbox, IReadOnlyList<long> uids, CancellationToken cancellationToken);

    /// <summary>Whether a mail relay is configured, so that <see cref="SendAsync"/> can send at all.</summary>
    bool CanSend { get; }

    /// <summary>
    /// The names of what goes along with <paramref name="message"/> besides its text and new attachments: the forwarded
    /// message's file name, or the carried parts of the draft it was reopened from.
    /// </summary>
    /// <exception cref="MailboxNotFoundException">The forwarded message's or the draft's mailbox does not exist.</exception>
    /// <exception cref="MessageNotFoundException">The forwarded message or the draft does not exist.</exception>
    Task<IReadOnlyList<string>> DescribeCarriedAsync(Sending.OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Builds <paramref name="message"/> (From: the session's address), sends it through the configured relay, and once
    /// the relay has accepted it for every recipient stores the copy, Bcc included, flagged \Seen in the \Sent mailbox
    /// (RFC 6154) through the delivery funnel, encrypted like delivered mail. The draft it came from is then removed.
    /// </summary>
    /// <exception cref="Sending.ComposeRejectedException">
    /// An address is not valid, there is no recipient, no relay is configured, or the relay refused the message or
    /// could not be reached: nothing was sent or stored.
    /// </exception>
    /// <exception cref="MailboxNotFoundException">The forwarded message's or the draft's mailbox does not exist.</exception>
    /// <exception cref="MessageNotFoundException">The forwarded message or the draft does not exist.</exception>
    /// <exception cref="MailboxOperationException">
    /// (<see cref="MailboxError.Unavailable"/>) The store could not answer before the message was sent: nothing was sent
    /// or stored. Once the relay has accepted it, the store failing is no longer thrown but reported by
    /// <see cref="Sending.ComposeOutcome.CopyStored"/>.
    /// </exception>
    Task<Sending.ComposeOutcome> SendAsync(Sending.OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Builds <paramref name="message"/> and stores it, flagged \Draft \Seen, in the \Drafts mailbox (RFC 6154) through
    /// the delivery funnel; the draft it came from is then removed, so saving again replaces it. Recipients are optional.
    /// </summary>
    /// <exception cref="Sending.ComposeRejectedException">An address field is not valid: nothing was stored.</exception>
    /// <exception cref="MailboxNotFoundException">The forwarded message's or the draft's mailbox does not exist.</exception>
    /// <exception cref="MessageNotFoundException">The forwarded message or the draft does not exist.</exception>
    Task<Sending.ComposeOutcome> SaveDraftAsync(Sending.OutgoingMessage message, CancellationToken cancellationToken);
}
