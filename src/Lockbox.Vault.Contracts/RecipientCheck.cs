// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Whether an address can receive mail here.</summary>
public enum RecipientCheck
{
    /// <summary>A local user: accept the recipient.</summary>
    Local,

    /// <summary>No such user: reject permanently (LMTP 550 5.1.1, LDA exit 67).</summary>
    Unknown,

    /// <summary>The user exists but cannot receive now (e.g. the store is busy): 4xx.</summary>
    TemporaryFailure,

    /// <summary>
    /// The server requires encryption (<c>Encryption:Mode</c> = required) and the user has no key yet:
    /// defer, never store in clear (LMTP 450 4.7.0, LDA exit 75).
    /// </summary>
    KeyRequired,
}
