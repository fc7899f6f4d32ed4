// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Keys;

/// <summary>How far a re-wrapping run is: message rows looked at, of about how many (mail may arrive meanwhile).</summary>
public sealed record RewrapProgress(long Done, long Total);
