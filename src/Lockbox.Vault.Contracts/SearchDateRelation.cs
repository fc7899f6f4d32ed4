// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>How a message's day compares with the key's day.</summary>
public enum SearchDateRelation
{
    /// <summary>Earlier than the day.</summary>
    Before,

    /// <summary>The same day.</summary>
    On,

    /// <summary>The same day or later.</summary>
    Since,
}
