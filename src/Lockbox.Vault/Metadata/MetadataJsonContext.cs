// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Metadata;

/// <summary>Source-generated JSON for the metadata record (no reflection, trimming-safe).</summary>
[JsonSerializable(typeof(MessageMetadata))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class MetadataJsonContext : JsonSerializerContext;
