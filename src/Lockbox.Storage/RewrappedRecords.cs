// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// A message's records in <see cref="MetadataForm.PublicKey"/> form, re-wrapped to a new key (docs/decisions/0020). Each pair
/// replaces the old bytes only if the row still holds exactly them in that form: a login that re-sealed the record under the
/// mailbox key meanwhile wins.
/// </summary>
/// <param name="MessageId">The message row.</param>
/// <param name="Metadata">The metadata record as read and as re-wrapped, or null if it needs nothing.</param>
/// <param name="SearchDocument">The search document as read and as re-wrapped, or null if it needs nothing.</param>
public sealed record RewrappedRecords(long MessageId, (byte[] Old, byte[] New)? Metadata, (byte[] Old, byte[] New)? SearchDocument);
