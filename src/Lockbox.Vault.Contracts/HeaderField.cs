// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A header field as it appears in the message: its name and raw (possibly folded, possibly 8-bit) value.</summary>
public sealed record HeaderField(string Name, byte[] RawValue);
