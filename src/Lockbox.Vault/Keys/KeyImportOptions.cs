// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Keys;

/// <summary>The choices <c>key import</c> leaves to the administrator.</summary>
/// <param name="KeepPassphrase">Keep a keypair under its own passphrase (two-password mode) instead of the mailbox password.</param>
/// <param name="DiscardServerKey">
/// For a public key only: remove the secret parts of the user's older keys from the server, which a user who held
/// them here must agree to, since mail encrypted to them is then readable only with a copy the user kept.
/// </param>
public sealed record KeyImportOptions(bool KeepPassphrase = false, bool DiscardServerKey = false);
