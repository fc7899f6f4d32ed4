// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A message's records sealed to the user's public key (<see cref="MetadataForm.PublicKey"/>), as a delivery stores them.</summary>
/// <param name="MessageId">The message row.</param>
/// <param name="Metadata">The sealed metadata record.</param>
/// <param name="SearchDocument">The sealed search document, or null when the message had none (Vault builds one when first searched).</param>
public sealed record SealedRecords(long MessageId, byte[] Metadata, byte[]? SearchDocument);
