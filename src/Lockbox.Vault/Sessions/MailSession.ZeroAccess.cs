// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Caching;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Search;
using Lockbox.Vault.ZeroAccess;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Zero-access users (<see cref="MailAccess.PublicKeyOnly"/>, docs/decisions/0018): each encrypted message is served as
/// the PGP/MIME form <see cref="PgpMimeWrapper"/> builds around the stored OpenPGP message. Its metadata, size and
/// bytes all describe that form, so front ends treat it like any message.
/// </summary>
internal sealed partial class MailSession
{
    /// <summary>Whether <paramref name="message"/> is served in the PGP/MIME form: encrypted, and the server holds no key for it.</summary>
    bool IsServedWrapped(MessageRecord message) => Access == MailAccess.PublicKeyOnly && message.IsEncrypted;

    /// <summary>The served form's header and leading parts. Mail stored before the user went zero-access has no outer record: only a Date then.</summary>
    static byte[] WrapperPrefix(MessageRecord message) =>
        PgpMimeWrapper.Prefix(message.MetadataForm == MetadataForm.OuterHeaders ? OuterHeaders.Read(message.Metadata) : [], message.InternalDate);

    static Task<MessageMetadata> WrapperMetadataAsync(MessageRecord message, CancellationToken cancellationToken) =>
        PgpMimeWrapper.MetadataAsync(WrapperPrefix(message), message.StoredSize, cancellationToken);

    async Task<Stream> OpenWrappedAsync(MessageRecord message, CancellationToken cancellationToken) =>
        PgpMimeWrapper.Open(WrapperPrefix(message), await _blobs.OpenReadAsync(message.BlobId, cancellationToken));

    /// <summary>
    /// Documents that carry only the served size, for SIZE keys (RFC 3501 section 6.4.4: LARGER and SMALLER compare
    /// RFC822.SIZE, which is the wrapper's). Text keys never get here: the server cannot read this mail.
    /// </summary>
    async Task<SearchDocument[]> ServedSizesAsync(string mailbox, MailboxRows rows, CancellationToken cancellationToken)
    {
        var metadata = await GetMetadataAsync(mailbox, [.. rows.Rows.Select(r => r.Uid)], cancellationToken);
        // A row another session expunged meanwhile has no metadata any more: its stored size stands in.
        return [.. rows.Rows.Select(r => new SearchDocument(SearchDocument.Encode(
            metadata.TryGetValue(r.Uid, out var m) ? m : new MessageMetadata(r.StoredSize, new EntityMetadata(EntityKind.Part, [], 0, 0, r.StoredSize, 0, []), Parsed: false),
            [])))];
    }
}
