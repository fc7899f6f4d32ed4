// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// A new active key and everything that changes with it, applied in one transaction (<c>key import</c>):
/// the user's encryption state, the password verifier, and the secret parts of the keys already stored.
/// </summary>
/// <param name="Key">The key that becomes active; the others stay, inactive, for older mail.</param>
/// <param name="Encryption">The user's encryption state afterwards.</param>
/// <param name="PasswordVerifier">The password verifier afterwards (null: the key itself checks the password).</param>
/// <param name="SecretKeys">
/// For stored keys by ID: their new protected secret key, or null to remove the secret part (the public key stays).
/// Keys not listed keep theirs.
/// </param>
public sealed record KeyReplacement(
    NewUserKey Key, EncryptionState Encryption, byte[]? PasswordVerifier, IReadOnlyDictionary<long, byte[]?> SecretKeys);
