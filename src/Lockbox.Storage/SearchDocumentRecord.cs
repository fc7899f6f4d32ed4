// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// A message's search document as stored (docs/decisions/0009): its searchable text, protected like the
/// message's metadata record. The store never sees it in clear unless the user has no encryption.
/// </summary>
/// <param name="MessageId">The message it belongs to.</param>
/// <param name="Form">How <paramref name="Document"/> is protected.</param>
/// <param name="Document">The protected document.</param>
public sealed record SearchDocumentRecord(long MessageId, MetadataForm Form, byte[] Document);
