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
}
