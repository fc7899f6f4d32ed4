// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Policy;

/// <summary>
/// Applies <see cref="EncryptionOptions.Mode"/> where users are created and where mail is accepted,
/// the only two places it matters. Kept in Vault so that no front end can decide it differently.
/// </summary>
internal sealed class EncryptionPolicy
{
    readonly EncryptionMode _mode;

    public EncryptionPolicy(IOptions<EncryptionOptions> options)
    {
        _mode = options.Value.Mode;
        if (!Enum.IsDefined(_mode))
        {
            throw new VaultException($"Encryption:Mode {(int)_mode} is not one of optional, default, required");
        }

        ExpiredKey = options.Value.ExpiredKey;
        if (!Enum.IsDefined(ExpiredKey))
        {
            throw new VaultException($"Encryption:ExpiredKey {(int)ExpiredKey} is not one of defer, fallback");
        }
    }

    public EncryptionMode Mode => _mode;

    /// <summary>What delivery does when the active key can no longer be encrypted to.</summary>
    public ExpiredKeyAction ExpiredKey { get; }

    /// <summary>
    /// Whether a new user gets a key: <paramref name="requested"/> when the administrator chose, else the
    /// policy's default.
    /// </summary>
    /// <exception cref="VaultException">Cleartext was asked for while the policy requires encryption.</exception>
    public bool EncryptsNewUser(string address, bool? requested)
    {
        if (requested == false && _mode == EncryptionMode.Required)
        {
            throw new VaultException($"Encryption:Mode is required: {address} cannot be created without a key");
        }

        return requested ?? _mode != EncryptionMode.Optional;
    }

    /// <summary>Why mail for <paramref name="user"/> must wait, or null when it may be stored now.</summary>
    public string? DeferralReason(UserRecord user) =>
        _mode == EncryptionMode.Required && user.Encryption == EncryptionState.None
            ? "Encryption:Mode is required and this mailbox has no key yet"
            : null;
}
