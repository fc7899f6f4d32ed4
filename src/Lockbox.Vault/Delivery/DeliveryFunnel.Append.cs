// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Delivery;

/// <summary>The funnel's entry for a writer who is the mailbox owner (IMAP APPEND, import): one copy, no trace headers.</summary>
public sealed partial class DeliveryFunnel
{
    /// <summary>
    /// Stores <paramref name="message"/> in <paramref name="mailbox"/> exactly as read: the same steps as a
    /// delivery (metadata, encryption to the user's active key, durable blob, then the row), without the
    /// trace headers a delivery prepends. Fails closed: an encrypted user without a usable key gets
    /// <see cref="MailboxOperationException"/> (Unavailable) and nothing is stored; a message the user's quota has no room
    /// for gets it with <see cref="MailboxError.OverQuota"/>. If reading the message throws, nothing is stored and the
    /// exception propagates. <paramref name="importKey"/> goes to
    /// the import journal in the row's transaction (<see cref="NewMessage.ImportKey"/>).
    /// </summary>
    internal async Task<MessageRecord> AppendAsync(
        UserRecord user, MailboxRecord mailbox, Stream message, SystemFlags flags, DateTime internalDate, CancellationToken cancellationToken,
        byte[]? importKey = null)
    {
        if (_policy.DeferralReason(user) is { } reason)
        {
            Log.DeliveryDeferred(_logger, user.Address, reason);
            throw new MailboxOperationException(MailboxError.Unavailable, reason);
        }

        using var shared = await _deliveryLock.AcquireSharedAsync(cancellationToken);
        RecipientCopy copy;
        try
        {
            var certificate = user.Encryption == EncryptionState.None ? null : await ActiveCertificateAsync(user, cancellationToken);
            copy = await RecipientCopy.OpenAsync(user.Address, user, certificate, returnPath: null, _blobs.CreateForRow, cancellationToken);
        }
        catch (Exception e) when (e is KeyFormatException or NoEncryptionKeyException or StoreUnavailableException or IOException)
        {
            throw Unavailable(user, e);
        }

        await using (copy)
        {
            using var text = new SearchTextCollector(SearchTextLimit);
            var metadata = await MetadataReader.ReadAsync(new TeeReadStream(message, [copy]), text, cancellationToken);
            string? committedBlob = null;
            try
            {
                if (copy.Failure is not null)
                {
                    throw copy.Failure;
                }

                var records = Records(copy, metadata, text.Utf8.Span);
                var blob = await copy.CommitAsync(cancellationToken);
                if (await DroppedOverQuotaAsync(user, user.Address, blob))
                {
                    throw new MailboxOperationException(MailboxError.OverQuota, "Mailbox is full");
                }

                committedBlob = blob.Id;
                var stored = await _store.AppendMessageAsync(
                    mailbox.Id,
                    new NewMessage(blob.Id, blob.Size, copy.Certificate is not null, records.Metadata, flags, internalDate)
                    {
                        SearchDocument = records.Search, ImportKey = importKey, MetadataForm = records.Form, InlineContent = blob.Inline,
                    },
                    cancellationToken);
                // RFC 2177: sessions idling on the mailbox see the appended message at once.
                _changes.Publish(mailbox.Id);
                return stored;
            }
            catch (Exception e) when (e is StoreUnavailableException or StoreConflictException or IOException)
            {
                if (committedBlob is not null)
                {
                    await _blobs.DeleteAsync(committedBlob, CancellationToken.None);
                }

                // The store refuses a row for a mailbox deleted meanwhile as a conflict.
                throw e is StoreConflictException ? new MailboxNotFoundException("no such mailbox", e) : Unavailable(user, e);
            }
        }
    }

    MailboxOperationException Unavailable(UserRecord user, Exception e)
    {
        Log.RecipientFailed(_logger, e, user.Address);
        return new MailboxOperationException(MailboxError.Unavailable, "Cannot store the message now, try again later", e);
    }
}
