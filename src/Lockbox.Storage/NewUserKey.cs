// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A key to store for a user.</summary>
/// <param name="Fingerprint">The primary key fingerprint (hex).</param>
/// <param name="PublicKey">The binary certificate.</param>
/// <param name="ProtectedSecretKey">The password-protected secret key envelope, or null for a public-only key.</param>
public sealed record NewUserKey(string Fingerprint, byte[] PublicKey, byte[]? ProtectedSecretKey);
