// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Policy;

/// <summary>What delivery does when a user's active key can no longer be encrypted to (setting <c>Encryption:ExpiredKey</c>).</summary>
public enum ExpiredKeyAction
{
    /// <summary>Mail waits (4xx) until the user has a usable key again; the reason is logged. Nothing is stored.</summary>
    Defer,

    /// <summary>Mail is encrypted to the newest older key of the user that is still usable; with none, it waits.</summary>
    Fallback,
}
