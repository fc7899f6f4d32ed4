// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// The store contract, implemented by each engine (SQLite, PostgreSQL). It holds ciphertext and the
/// cleartext fields docs/threat-model.md lists, nothing else. Every method is atomic: it commits
/// entirely or not at all. Engine failures surface as <see cref="StoreUnavailableException"/>
/// (retry later: LMTP answers 4xx) or <see cref="StoreConflictException"/> (a unique name is taken).
/// </summary>
public interface IMailStore : IAsyncDisposable
{
    /// <summary>Creates the schema or upgrades it to the newest version. Idempotent.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version the store is at.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates a user with the standard mailboxes (INBOX, Sent, Drafts, Trash, Junk, Archive) and,
    /// if given, its first key as the active key, in one transaction.
    /// </summary>
    /// <exception cref="StoreConflictException">The address exists (compared case-insensitively).</exception>
    Task<UserRecord> CreateUserAsync(string address, EncryptionState encryption, byte[]? passwordVerifier, NewUserKey? key, CancellationToken cancellationToken);

    /// <summary>The user with this address (case-insensitive), or null.</summary>
    Task<UserRecord?> FindUserAsync(string address, CancellationToken cancellationToken);

    /// <summary>All users, ordered by address.</summary>
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>Sets the user's own storage limit in bytes, or with null returns them to the server's default. False: no such user.</summary>
    Task<bool> SetQuotaAsync(long userId, long? limitBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Sets whether the user has had the quota warning (schema v16), only if it is not so already: true means this call
    /// changed it. Setting it is how one delivery claims the notice when several cross the threshold at once.
    /// </summary>
    Task<bool> SetQuotaWarnedAsync(long userId, bool warned, CancellationToken cancellationToken);

    /// <summary>Deletes the user, keys, mailboxes and index rows. Returns the blob IDs that no row references any more, for the caller to delete.</summary>
    Task<IReadOnlyList<string>> DeleteUserAsync(long userId, CancellationToken cancellationToken);

    /// <summary>The user's keys, the active one first, then newest first.</summary>
    Task<IReadOnlyList<UserKeyRecord>> GetKeysAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the protected secret key of each listed key and the password verifier in one transaction,
    /// so a password change leaves either the old state or the new one (issue 5: never a lost key), with
    /// <paramref name="audit"/> appended and <see cref="UserRecord.CredentialVersion"/> raised in that transaction. With
    /// <paramref name="passwordChanged"/> (the login password itself changed, not a key passphrase) the change an escrow
    /// restore requires (<see cref="IsPasswordChangeRequiredAsync"/>) ends in the same transaction: a crash can then never
    /// leave the keys under the new password while logins still demand a new one.
    /// </summary>
    Task UpdateCredentialsAsync(
        long userId, IReadOnlyDictionary<long, byte[]> protectedSecretKeys, byte[]? passwordVerifier, bool passwordChanged, AuditEntry audit,
        CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="key"/> as the user's active key; the others stay, inactive (key rotation). One transaction
    /// with <paramref name="audit"/> and a raised <see cref="UserRecord.CredentialVersion"/>.
    /// </summary>
    Task AddKeyAsync(long userId, NewUserKey key, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The user's mailboxes, ordered by name.</summary>
    Task<IReadOnlyList<MailboxRecord>> ListMailboxesAsync(long userId, CancellationToken cancellationToken);

    /// <summary>The mailbox with this name (INBOX case-insensitively, others exactly), or null.</summary>
    Task<MailboxRecord?> FindMailboxAsync(long userId, string name, CancellationToken cancellationToken);

    /// <summary>Creates a mailbox with a fresh UIDVALIDITY.</summary>
    /// <exception cref="StoreConflictException">The name exists.</exception>
    Task<MailboxRecord> CreateMailboxAsync(long userId, string name, SpecialUse? role, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the mailbox and its message rows; its subscription stays (RFC 3501 section 6.3.4). Returns the
    /// blob IDs that no row references any more, for the caller to delete.
    /// </summary>
    Task<IReadOnlyList<string>> DeleteMailboxAsync(long mailboxId, CancellationToken cancellationToken);

    /// <summary>
    /// Renames a mailbox with its inferiors ("oldName/..."), and their subscriptions, keeping UIDVALIDITY. Renaming
    /// INBOX instead creates <paramref name="newName"/>, moves INBOX's messages there and leaves INBOX empty with its
    /// inferiors in place (RFC 3501 section 6.3.5). False when <paramref name="oldName"/> does not exist.
    /// </summary>
    /// <exception cref="StoreConflictException">A target name exists.</exception>
    Task<bool> RenameMailboxAsync(long userId, string oldName, string newName, CancellationToken cancellationToken);

    /// <summary>Adds or removes a subscription, a name that need not exist as a mailbox. True when something changed.</summary>
    Task<bool> SetSubscriptionAsync(long userId, string name, bool subscribed, CancellationToken cancellationToken);

    /// <summary>The subscribed names, ordered, including names whose mailbox no longer exists.</summary>
    Task<IReadOnlyList<string>> ListSubscriptionsAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the index row of a message whose blob is already durable, allocating its UID and MODSEQ.
    /// The row is durable when the task completes.
    /// </summary>
    /// <exception cref="StoreConflictException">The mailbox does not exist.</exception>
    /// <exception cref="StoreUnavailableException">A cleartext message (<see cref="NewMessage.IsEncrypted"/> false) for a user
    /// whose encryption is on, or the engine failed: nothing was stored. Encryption fails closed even when the caller read the
    /// user before an opt-in on another node (docs/decisions/0029).</exception>
    Task<MessageRecord> AppendMessageAsync(long mailboxId, NewMessage message, CancellationToken cancellationToken);

    /// <summary>The mailbox's messages, in UID order.</summary>
    Task<IReadOnlyList<MessageRecord>> ListMessagesAsync(long mailboxId, CancellationToken cancellationToken);

    /// <summary>The user's mailbox key, wrapped to their public key, or null before their first login.</summary>
    Task<byte[]?> GetMailboxKeyAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the wrapped mailbox key unless one exists, and returns the one stored: two first logins at
    /// once agree on a single key.
    /// </summary>
    Task<byte[]> SetMailboxKeyIfAbsentAsync(long userId, byte[] wrapped, CancellationToken cancellationToken);

    /// <summary>Replaces the metadata records of messages (re-sealing after login), in one transaction. Rows that vanished are skipped.</summary>
    Task UpdateMetadataAsync(IReadOnlyList<MetadataUpdate> updates, CancellationToken cancellationToken);

    /// <summary>The message with this UID in the mailbox, or null.</summary>
    Task<MessageRecord?> FindMessageAsync(long mailboxId, long uid, CancellationToken cancellationToken);

    /// <summary>
    /// The mailbox's messages, in UID order, with an empty <see cref="MessageRecord.Metadata"/>: a search reads the
    /// rows and the search documents only, so it does not load every metadata record.
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> ListMessageRowsAsync(long mailboxId, CancellationToken cancellationToken);

    /// <summary>The messages with these IDs, with their metadata records, in no particular order; IDs that do not exist are skipped.</summary>
    Task<IReadOnlyList<MessageRecord>> GetMessagesAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken);

    /// <summary>The search documents of the messages with these IDs; messages without one are left out.</summary>
    Task<IReadOnlyList<SearchDocumentRecord>> GetSearchDocumentsAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the search documents of a mailbox's messages that are in <paramref name="form"/> (re-sealing after
    /// login): those with a message ID above <paramref name="afterMessageId"/>, in message ID order, at most
    /// <paramref name="limit"/>. Paged because whole documents of a large mailbox do not belong in memory at once.
    /// </summary>
    Task<IReadOnlyList<SearchDocumentRecord>> ListSearchDocumentsAsync(long mailboxId, MetadataForm form, long afterMessageId, int limit, CancellationToken cancellationToken);

    /// <summary>Stores or replaces search documents, in one transaction. Documents of messages that vanished are skipped.</summary>
    Task PutSearchDocumentsAsync(IReadOnlyList<SearchDocumentRecord> documents, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the message <paramref name="toMessageId"/> a copy of the search document of <paramref name="fromMessageId"/>
    /// (COPY and MOVE within one user: the form stays valid). Does nothing if the source has none.
    /// </summary>
    Task CopySearchDocumentAsync(long fromMessageId, long toMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// The blob IDs from <paramref name="first"/> (inclusive) up to <paramref name="beyond"/> (exclusive; null: unbounded, in
    /// ordinal order) that rows reference, except blobs stored inline (<see cref="ReadInlineBlobAsync"/>): the files the startup
    /// check expects, so it finds orphan and missing ones, one blob directory at a time.
    /// </summary>
    Task<IReadOnlySet<string>> ListReferencedFileBlobsAsync(string? first, string? beyond, CancellationToken cancellationToken);

    /// <summary>
    /// The content of a blob stored in the database with its first row (<see cref="NewMessage.InlineContent"/>), or null when
    /// the blob is not stored there (it is a file, or gone). It lives as long as a row references it: the transaction that
    /// removes the last such row deletes it.
    /// </summary>
    Task<byte[]?> ReadInlineBlobAsync(string blobId, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the flags of the listed messages of a mailbox (UIDs that do not exist are skipped). Messages
    /// whose flags change get one new MODSEQ, which becomes the mailbox's HIGHESTMODSEQ (RFC 7162 section 3.1).
    /// With <paramref name="unchangedSince"/>, a message whose MODSEQ is above it is not changed but reported as failed.
    /// </summary>
    Task<FlagUpdateResult> UpdateFlagsAsync(
        long mailboxId, IReadOnlyList<long> uids, FlagOperation operation, SystemFlags flags, IReadOnlyList<string> keywords, long? unchangedSince,
        CancellationToken cancellationToken);

    /// <summary>
    /// Removes the messages flagged \Deleted, only those among <paramref name="uids"/> when given (RFC 4315 UID EXPUNGE),
    /// and raises HIGHESTMODSEQ. Returns the blobs left unreferenced, for the caller to delete after the commit.
    /// </summary>
    Task<ExpungeResult> ExpungeAsync(long mailboxId, IReadOnlyList<long>? uids, CancellationToken cancellationToken);

    /// <summary>
    /// Copies the listed messages (UIDs that do not exist are skipped) into another mailbox of the same user,
    /// reusing blob and metadata record, with new UIDs in the target; with <paramref name="move"/> the originals
    /// are removed in the same transaction (RFC 6851).
    /// </summary>
    /// <exception cref="StoreConflictException">The mailboxes do not exist or belong to different users.</exception>
    Task<CopyResult> CopyMessagesAsync(long sourceMailboxId, IReadOnlyList<long> uids, long targetMailboxId, bool move, CancellationToken cancellationToken);

    /// <summary>Whether a message with this import journal key (<see cref="NewMessage.ImportKey"/>) was ever imported for the user.</summary>
    Task<bool> WasImportedAsync(long userId, byte[] key, CancellationToken cancellationToken);

    /// <summary>Appends an audit entry, chained to the last one inside the same transaction (<see cref="AuditChain"/>).</summary>
    Task<AuditRecord> AppendAuditAsync(string address, string eventName, string detail, CancellationToken cancellationToken);

    /// <summary>The audit entries in order: all of them, or those about <paramref name="address"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string? address, CancellationToken cancellationToken);

    /// <summary>
    /// Turns encryption on for a cleartext user in one transaction (issue 5, item 2): <paramref name="key"/> becomes the
    /// active key, the state becomes <see cref="EncryptionState.Encrypted"/>, the password verifier goes (the key checks
    /// the password now), the migration of the existing messages is recorded, and so is the audit entry (the consent);
    /// <see cref="UserRecord.CredentialVersion"/> rises.
    /// </summary>
    /// <exception cref="StoreConflictException">The user does not exist or is not a cleartext user.</exception>
    Task<EncryptionMigrationRecord> StartEncryptionAsync(long userId, NewUserKey key, string auditEvent, string auditDetail, CancellationToken cancellationToken);

    /// <summary>The user's opt-in migration with the cleartext messages still left, or null if encryption was never turned on that way.</summary>
    Task<EncryptionMigrationRecord?> GetEncryptionMigrationAsync(long userId, CancellationToken cancellationToken);

    /// <summary>Records the migration's phase (<see cref="EncryptionMigrationPhase.Done"/> also its finishing time).</summary>
    Task SetEncryptionMigrationPhaseAsync(long userId, EncryptionMigrationPhase phase, CancellationToken cancellationToken);

    /// <summary>
    /// The user's cleartext messages, with their metadata records, of the first <paramref name="blobLimit"/> cleartext blobs in
    /// blob ID order: every row of such a blob, ordered by blob ID.
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> ListCleartextMessagesAsync(long userId, int blobLimit, CancellationToken cancellationToken);

    /// <summary>
    /// Points the listed rows, if they still reference the cleartext blob, at its durable encrypted copy with their sealed
    /// records, in one transaction; UIDs, flags, dates and MODSEQs stay, the mailboxes' HIGHESTMODSEQ rises.
    /// </summary>
    Task<BlobSwapResult> SwapBlobAsync(BlobSwap swap, CancellationToken cancellationToken);

    /// <summary>
    /// Leaves no old record in the database files (DESIGN.md section 3): deleted content zeroed, the WAL checkpointed and
    /// truncated, free pages removed. False when another process's open read kept the WAL from being truncated.
    /// </summary>
    Task<bool> CompactAsync(CancellationToken cancellationToken);

    /// <summary>The escrow master public key every node escrows to, or null when none is installed (docs/decisions/0039).</summary>
    Task<EscrowMasterRecord?> GetEscrowMasterAsync(CancellationToken cancellationToken);

    /// <summary>Installs <paramref name="master"/>, replacing any earlier master key, in one transaction with <paramref name="audit"/>.</summary>
    Task PutEscrowMasterAsync(EscrowMasterRecord master, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The user's escrow choice (<see cref="EscrowChoice.Undecided"/> until they make one).</summary>
    Task<EscrowChoice> GetEscrowChoiceAsync(long userId, CancellationToken cancellationToken);

    /// <summary>The user's escrow copies, one per key that has one, in key order.</summary>
    Task<IReadOnlyList<EscrowCopyRecord>> GetEscrowCopiesAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores escrow copies (each replacing its key's previous copy) and, when <paramref name="choice"/> is given,
    /// the user's choice, and <paramref name="audit"/> when given (consent), in one transaction, and returns true;
    /// only while the user's stored choice is still <paramref name="expectedChoice"/>, the one the caller decided on,
    /// checked inside that transaction: otherwise (an opt-out committed since it was read) nothing is written and it
    /// returns false, so no copy outlives an opt-out (docs/decisions/0019). Copies of keys that are not the user's are
    /// refused.
    /// </summary>
    Task<bool> PutEscrowCopiesAsync(
        long userId, EscrowChoice expectedChoice, EscrowChoice? choice, IReadOnlyList<NewEscrowCopy> copies, AuditEntry? audit, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="choice"/> and deletes every escrow copy of the user, irrecoverably as far as the
    /// engine can: the rows are overwritten (secure delete) and the write-ahead log is checkpointed and
    /// truncated, so no old page holding a copy stays in it. Returns how many copies were deleted. The entry
    /// <paramref name="audit"/> makes of that count is appended in the deleting transaction.
    /// </summary>
    Task<int> DeleteEscrowCopiesAsync(long userId, EscrowChoice choice, Func<int, AuditEntry> audit, CancellationToken cancellationToken);

    /// <summary>
    /// Escrow restore: replaces the protected secret keys listed (one-time password), drops the password verifier
    /// (the one-time password now opens the keys), marks that a new password is required and raises
    /// <see cref="UserRecord.CredentialVersion"/>, in one transaction with <paramref name="audit"/>: every recovery is
    /// logged where the user can see it.
    /// </summary>
    Task RestoreKeysAsync(long userId, IReadOnlyDictionary<long, byte[]> protectedSecretKeys, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the user logs in with a one-time password from an escrow restore and must set a new one first; a password
    /// change (<see cref="UpdateCredentialsAsync"/>) clears the mark.
    /// </summary>
    Task<bool> IsPasswordChangeRequiredAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <see cref="KeyReplacement.Key"/> the user's active key and applies the rest of <paramref name="replacement"/>
    /// (encryption state, password verifier, secret parts of the stored keys) in one transaction (<c>key import</c>),
    /// with <paramref name="audit"/> and a raised <see cref="UserRecord.CredentialVersion"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A listed key does not belong to the user; nothing changed.</exception>
    Task ReplaceActiveKeyAsync(long userId, KeyReplacement replacement, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>
    /// The addresses of users whose opt-in migration (<see cref="StartEncryptionAsync"/>) has not reached
    /// <see cref="EncryptionMigrationPhase.Done"/>, oldest first: what a server resumes at start.
    /// </summary>
    Task<IReadOnlyList<string>> ListUnfinishedEncryptionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The user's encrypted messages, with their metadata records, of the first <paramref name="blobLimit"/> blobs whose ID
    /// sorts after <paramref name="afterBlobId"/> (all when null): every row of such a blob, ordered by blob ID, then row ID
    /// (re-wrapping, docs/decisions/0020).
    /// </summary>
    Task<IReadOnlyList<MessageRecord>> ListEncryptedMessagesAsync(long userId, string? afterBlobId, int blobLimit, CancellationToken cancellationToken);

    /// <summary>How many encrypted message rows the user has.</summary>
    Task<long> CountEncryptedMessagesAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Points every row of <see cref="KeyRewrap.OldBlobId"/> at the durable re-wrapped copy (when there is one) and replaces
    /// the listed records whose stored bytes are still the old ones, in one transaction; UIDs, flags, dates and MODSEQs stay,
    /// the HIGHESTMODSEQ of the mailboxes whose rows changed blob rises.
    /// </summary>
    Task<BlobSwapResult> RewrapBlobAsync(KeyRewrap rewrap, CancellationToken cancellationToken);

    /// <summary>Replaces the user's wrapped mailbox key if it is still <paramref name="expected"/>; false if it changed or is gone.</summary>
    Task<bool> ReplaceMailboxKeyAsync(long userId, byte[] expected, byte[] wrapped, CancellationToken cancellationToken);
}
