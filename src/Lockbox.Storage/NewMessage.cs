// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>What the delivery funnel stores for one message once its blob is durable.</summary>
/// <param name="BlobId">The blob holding the message, as stored (ciphertext for an encrypted user).</param>
/// <param name="StoredSize">The blob's size in bytes (ciphertext size: the only size a disk reader sees).</param>
/// <param name="IsEncrypted">Whether the blob is an OpenPGP message.</param>
/// <param name="Metadata">The metadata record (envelope, body structure, header cache), encrypted like the blob.</param>
/// <param name="Flags">Initial system flags.</param>
/// <param name="InternalDate">RFC 3501 section 2.3.3: the arrival time.</param>
public sealed record NewMessage(string BlobId, long StoredSize, bool IsEncrypted, byte[] Metadata, SystemFlags Flags, DateTime InternalDate)
{
    /// <summary>
    /// The search document (docs/decisions/0009), protected like <see cref="Metadata"/> and stored in the
    /// same transaction as the row; null stores none (Vault builds it from the message when first searched).
    /// </summary>
    public byte[]? SearchDocument { get; init; }

    /// <summary>
    /// For <c>lockbox import</c>: the message's journal key, recorded for the mailbox's user in the same
    /// transaction as the row (see <see cref="IMailStore.WasImportedAsync"/>); null for everything else.
    /// </summary>
    public byte[]? ImportKey { get; init; }

    /// <summary>
    /// How <see cref="Metadata"/> is protected; null for the usual form (<see cref="Storage.MetadataForm.PublicKey"/> when
    /// <see cref="IsEncrypted"/>, else <see cref="Storage.MetadataForm.Clear"/>).
    /// </summary>
    public MetadataForm? MetadataForm { get; init; }

    /// <summary>
    /// The blob's bytes when it was small enough to stay in memory (<see cref="Blobs.StoredBlob.Inline"/>): stored in the
    /// row's transaction under <see cref="BlobId"/>, so the row and its blob become durable with one commit
    /// (docs/decisions/0036). Null when the blob is a durable file already.
    /// </summary>
    public byte[]? InlineContent { get; init; }
}
