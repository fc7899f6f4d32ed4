// SPDX-License-Identifier: MIT
namespace Lockbox.Vault;

/// <summary>An account operation that cannot be done as asked. The message names why, in one line a user can act on.</summary>
public sealed class VaultException : Exception
{
    public VaultException(string message)
        : base(message)
    {
    }

    public VaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VaultException(VaultError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>What kind of refusal this is; <see cref="VaultError.Refused"/> unless a throw site says otherwise.</summary>
    public VaultError Error { get; } = VaultError.Refused;
}
