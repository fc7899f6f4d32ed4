// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text.Json;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Changes;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Policy;
using Lockbox.Vault.Quota;
using Lockbox.Vault.Recovery;
using Lockbox.Vault.Search;
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Delivery;

/// <summary>
/// The single ingest path (DESIGN.md section 1; STYLE.md section 1). For every writer it: reads the
/// message once, streaming; builds the metadata with MimeKit; encrypts message and metadata to each
/// recipient's public key; makes the blob durable; then commits the index row. A user without
/// encryption gets cleartext storage, marked as such. For a user with a key, any failure in
/// encryption fails the delivery temporarily: there is no path that writes their mail in clear.
/// A message that already looks encrypted is encrypted again anyway (a sender can fake the look).
/// </summary>
public sealed partial class DeliveryFunnel : IDeliveryService
{
    readonly IMailStore _store;
    readonly MessageBlobs _blobs;
    readonly CertificateCache _certificates;
    readonly RecipientResolver _resolver;
    readonly DeliveryLock _deliveryLock;
    readonly ILogger<DeliveryFunnel> _logger;
    readonly MailboxChanges _changes;
    readonly EncryptionPolicy _policy;
    readonly StorageQuota _quota;

    internal DeliveryFunnel(
        IMailStore store, MessageBlobs blobs, CertificateCache certificates, RecipientResolver resolver, DeliveryLock deliveryLock, ILogger<DeliveryFunnel> logger,
        MailboxChanges changes, EncryptionPolicy policy, StorageQuota quota)
    {
        _quota = quota;
        _policy = policy;
        _changes = changes;
        _deliveryLock = deliveryLock;
        _store = store;
        _blobs = blobs;
        _certificates = certificates;
        _resolver = resolver;
        _logger = logger;
    }

    /// <summary>The storage quotas every writer is held to (docs/decisions/0041).</summary>
    internal StorageQuota Quota => _quota;

    /// <summary>The cap on each message's searchable body text, in characters (<see cref="VaultOptions.SearchTextLimit"/>).</summary>
    internal int SearchTextLimit { get; init; } = SearchTextCollector.DefaultLimit;

    public async Task<RecipientCheck> CheckRecipientAsync(string address, long? declaredSize, CancellationToken cancellationToken)
    {
        try
        {
            var user = await _resolver.ResolveAsync(address, cancellationToken);
            if (user is null)
            {
                return RecipientCheck.Unknown;
            }

            if (_policy.DeferralReason(user) is { } reason)
            {
                Log.DeliveryDeferred(_logger, address, reason);
                return RecipientCheck.KeyRequired;
            }

            // RFC 1870 section 6.1 and RFC 2033 section 4.2: a full mailbox is refused before the message is sent, so that
            // the other recipients of the transaction still get it.
            if (_quota.LacksRoom(user, declaredSize ?? 0))
            {
                Log.OverQuota(_logger, address, declaredSize ?? 0);
                return _quota.RecipientRefusal;
            }

            return RecipientCheck.Local;
        }
        catch (StoreUnavailableException e)
        {
            Log.StoreUnavailable(_logger, e);
            return RecipientCheck.TemporaryFailure;
        }
    }

    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(DeliveryRequest request, Stream message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var results = new DeliveryResult?[request.Recipients.Count];
        var copies = new List<(int Index, RecipientCopy Copy)>();
        using var shared = await _deliveryLock.AcquireSharedAsync(cancellationToken);
        try
        {
            for (var i = 0; i < request.Recipients.Count; i++)
            {
                var (copy, refusal) = await OpenCopyAsync(request.Recipients[i], request.ReturnPath, cancellationToken);
                if (copy is null)
                {
                    results[i] = refusal;
                }
                else
                {
                    copies.Add((i, copy));
                }
            }

            // If reading the message fails (the client vanished, the size limit), this throws and the
            // finally block discards every pending blob: nothing is stored for anyone.
            using var text = new SearchTextCollector(SearchTextLimit);
            var metadata = await MetadataReader.ReadAsync(new TeeReadStream(message, [.. copies.Select(c => c.Copy)]), text, cancellationToken);
            foreach (var (index, copy) in copies)
            {
                results[index] = await StoreCopyAsync(copy, metadata, text.Utf8, request.Mailbox, cancellationToken);
            }

            foreach (var result in results)
            {
                VaultMetrics.Delivered(result!.Status);
            }

            VaultMetrics.DeliveryTook(Stopwatch.GetElapsedTime(started));
            return [.. results.Select(r => r!)];
        }
        finally
        {
            foreach (var (_, copy) in copies)
            {
                await copy.DisposeAsync();
            }
        }
    }

    async Task<(RecipientCopy? Copy, DeliveryResult? Refusal)> OpenCopyAsync(string recipient, string? returnPath, CancellationToken cancellationToken)
    {
        try
        {
            var user = await _resolver.ResolveAsync(recipient, cancellationToken);
            if (user is null)
            {
                return (null, new DeliveryResult(recipient, DeliveryStatus.PermanentFailure, "No such user here"));
            }

            // Checked again here: the LDA and APPEND have no RCPT step, and the user may have changed since.
            if (_policy.DeferralReason(user) is { } reason)
            {
                Log.DeliveryDeferred(_logger, recipient, reason);
                return (null, new DeliveryResult(recipient, DeliveryStatus.TemporaryFailure, reason));
            }

            var certificate = user.Encryption == EncryptionState.None ? null : await ActiveCertificateAsync(user, cancellationToken);
            return (await RecipientCopy.OpenAsync(recipient, user, certificate, returnPath, _blobs.CreateForRow, cancellationToken), null);
        }
        catch (Exception e) when (e is KeyFormatException or NoEncryptionKeyException or StoreUnavailableException or IOException)
        {
            // Fail closed: without a usable key the message is not stored at all, and the MTA retries.
            Log.RecipientFailed(_logger, e, recipient);
            return (null, NotStored(recipient, e));
        }
    }

    async Task<PublicCertificate> ActiveCertificateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var (certificate, fallback) = EncryptionKeyChoice.Choose(await _store.GetKeysAsync(user.Id, cancellationToken), _certificates, _policy.ExpiredKey);
        if (fallback)
        {
            Log.OlderKeyStandsIn(_logger, user.Address, certificate.Fingerprint);
        }

        return certificate;
    }

    async Task<DeliveryResult> StoreCopyAsync(RecipientCopy copy, MessageMetadata metadata, ReadOnlyMemory<byte> bodyText, string mailboxName, CancellationToken cancellationToken)
    {
        string? committedBlob = null;
        try
        {
            if (copy.Failure is not null)
            {
                throw copy.Failure;
            }

            // A file blob's waits on the disk (fsync, rename, directory fsync) overlap with finding the mailbox and
            // sealing the records on this thread; the index row is still committed only once the blob is durable. A blob
            // left in memory (docs/decisions/0036) has no wait to overlap, so it is committed here, without a pool hop.
            await copy.FinishAsync();
            var commit = copy.InMemory ? copy.CommitAsync(cancellationToken) : Task.Run(() => copy.CommitAsync(cancellationToken), CancellationToken.None);
            var (mailbox, records) = await PrepareRowAsync(copy, metadata, bodyText, mailboxName, commit, cancellationToken);
            if (mailbox is null)
            {
                return new DeliveryResult(copy.Recipient, DeliveryStatus.PermanentFailure, "No such mailbox");
            }

            var blob = await commit;
            committedBlob = blob.Id;
            // The usage is as the copy's user row was read, at DATA.
            if (await DroppedOverQuotaAsync(copy.User, copy.Recipient, blob))
            {
                return new DeliveryResult(copy.Recipient, _quota.Refusal, "Mailbox is full");
            }

            await _store.AppendMessageAsync(
                mailbox.Id,
                new NewMessage(blob.Id, blob.Size, copy.Certificate is not null, records.Metadata, SystemFlags.None, DateTime.UtcNow)
                {
                    SearchDocument = records.Search, MetadataForm = records.Form, InlineContent = blob.Inline,
                },
                cancellationToken);
            // RFC 2177: sessions idling on the mailbox learn of the new message now, not at their next poll.
            _changes.Publish(mailbox.Id);
            await WarnIfDueAsync(copy.User, blob.Size, cancellationToken);
            return new DeliveryResult(copy.Recipient, DeliveryStatus.Stored);
        }
        catch (Exception e) when (e is StoreUnavailableException or IOException or NoEncryptionKeyException)
        {
            Log.RecipientFailed(_logger, e, copy.Recipient);
            if (committedBlob is not null)
            {
                await _blobs.DeleteAsync(committedBlob, CancellationToken.None);
            }

            return NotStored(copy.Recipient, e);
        }
    }

    /// <summary>A temporary failure: a full disk said as such (LMTP 452 4.3.1), anything else as a failure to store now.</summary>
    static DeliveryResult NotStored(string recipient, Exception failure) => StorageFull.Caused(failure)
        ? new DeliveryResult(recipient, DeliveryStatus.StorageFull, "Insufficient system storage, try again later")
        : new DeliveryResult(recipient, DeliveryStatus.TemporaryFailure, "Cannot store the message now, try again later");

    /// <summary>
    /// The mailbox and the sealed metadata record and search document of a copy, while <paramref name="commit"/> makes its
    /// blob durable. No mailbox (null), or any failure: the blob gets no row, so it is deleted once its commit ends.
    /// </summary>
    async Task<(MailboxRecord? Mailbox, RowRecords Records)> PrepareRowAsync(
        RecipientCopy copy, MessageMetadata metadata, ReadOnlyMemory<byte> bodyText, string mailboxName, Task<StoredBlob> commit, CancellationToken cancellationToken)
    {
        try
        {
            var mailbox = await _store.FindMailboxAsync(copy.User.Id, mailboxName, cancellationToken);
            if (mailbox is not null)
            {
                return (mailbox, Records(copy, metadata.WithTraceHeaders(copy.TraceFields, copy.TraceLength), bodyText.Span));
            }
        }
        catch
        {
            await DiscardAsync(commit);
            throw;
        }

        await DiscardAsync(commit);
        return (null, new RowRecords([], null, null));
    }

    /// <summary>Waits for the commit of a blob that will get no row, then deletes the blob.</summary>
    async Task DiscardAsync(Task<StoredBlob> commit)
    {
        string blobId;
        try
        {
            blobId = (await commit).Id;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The commit failed: the blob never became visible, and disposing the copy removes its temp file.
            return;
        }

        await _blobs.DeleteAsync(blobId, CancellationToken.None);
    }

    static byte[] SerializeMetadata(MessageMetadata metadata) =>
        JsonSerializer.SerializeToUtf8Bytes(metadata, MetadataJsonContext.Default.MessageMetadata);

    /// <summary>
    /// A per-message record as stored (the metadata record, the search document): encrypted under the message's
    /// own session key when the user has a key, so it costs no public-key operation (docs/decisions/0008);
    /// cleartext for a user without encryption. The plaintext buffer is zeroed once sealed.
    /// </summary>
    static byte[] SealRecord(byte[] plaintext, RecipientCopy copy)
    {
        if (copy.Certificate is null)
        {
            return plaintext;
        }

        try
        {
            return copy.SealRecord(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }
}
