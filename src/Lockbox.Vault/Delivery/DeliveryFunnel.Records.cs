// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Search;
using Lockbox.Vault.ZeroAccess;

namespace Lockbox.Vault.Delivery;

/// <summary>The per-message records stored with a row, by the recipient's encryption state.</summary>
public sealed partial class DeliveryFunnel
{
    /// <summary>
    /// The metadata record and search document of a copy whose stored form <paramref name="metadata"/> describes. A
    /// zero-access user (docs/decisions/0018) gets neither: the server could never open them, so it keeps only the outer
    /// header fields it serves, in clear, and no search document (text search is unavailable for that user).
    /// </summary>
    static RowRecords Records(RecipientCopy copy, MessageMetadata metadata, ReadOnlySpan<byte> bodyText) =>
        copy.User.Encryption == EncryptionState.PublicKeyOnly && copy.Certificate is not null
            ? new RowRecords(OuterHeaders.Record(metadata.Root.Headers), null, MetadataForm.OuterHeaders)
            : new RowRecords(SealRecord(SerializeMetadata(metadata), copy), SealRecord(SearchDocument.Encode(metadata, bodyText), copy), null);

    /// <summary>What <see cref="Records"/> gives: the metadata record, the search document (null: none) and the record's form (null: the usual one).</summary>
    readonly record struct RowRecords(byte[] Metadata, byte[]? Search, MetadataForm? Form);
}
