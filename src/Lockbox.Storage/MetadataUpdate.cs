// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A new protected form of one message's metadata record.</summary>
public sealed record MetadataUpdate(long MessageId, byte[] Metadata, MetadataForm Form);
