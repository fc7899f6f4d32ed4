// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Accounts;

/// <summary>
/// Two-password mode (issue 5, item 5): the key is protected by its own passphrase and the login password
/// is checked against a verifier. It is stored as exactly that: an encrypted user with a password verifier
/// (an encrypted user in one-password mode has none, the key itself checks the password).
/// </summary>
internal static class TwoPasswordMode
{
    public static bool IsOn(UserRecord user) => user.Encryption == EncryptionState.Encrypted && user.PasswordVerifier is not null;
}
