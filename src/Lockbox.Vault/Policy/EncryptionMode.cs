// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Policy;

/// <summary>The server's encryption policy (setting <c>Encryption:Mode</c>).</summary>
public enum EncryptionMode
{
    /// <summary>Users opt in: a new user is in cleartext unless encryption is asked for.</summary>
    Optional,

    /// <summary>New users get a key at creation unless cleartext is asked for explicitly.</summary>
    Default,

    /// <summary>
    /// No cleartext mailboxes: a user cannot be created without a key, and mail for an existing user
    /// without one is deferred (4xx) until they have one, never stored in clear.
    /// </summary>
    Required,
}
