// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Policy;

/// <summary>Settings of the encryption policy (configuration section <c>Encryption</c>).</summary>
public sealed class EncryptionOptions
{
    /// <summary>The configuration section these settings bind to.</summary>
    public const string Section = "Encryption";

    /// <summary>Whether users opt in, get a key by default, or must have one. <see cref="EncryptionMode.Optional"/> unless set.</summary>
    public EncryptionMode Mode { get; set; } = EncryptionMode.Optional;

    /// <summary>What delivery does when the active key expired or was revoked. <see cref="ExpiredKeyAction.Defer"/> unless set.</summary>
    public ExpiredKeyAction ExpiredKey { get; set; } = ExpiredKeyAction.Defer;
}
