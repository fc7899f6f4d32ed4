// SPDX-License-Identifier: MIT
using System.Text.Json.Serialization;

using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.ZeroAccess;

/// <summary>Source-generated JSON for the outer header record of zero-access mail (<see cref="OuterHeaders"/>).</summary>
[JsonSerializable(typeof(HeaderField[]))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ZeroAccessJsonContext : JsonSerializerContext;
