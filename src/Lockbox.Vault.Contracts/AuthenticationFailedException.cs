// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Unknown user or wrong password. Deliberately says nothing about which.</summary>
public sealed class AuthenticationFailedException : Exception
{
    /// <inheritdoc/>
    public AuthenticationFailedException()
    {
    }

    /// <inheritdoc/>
    public AuthenticationFailedException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public AuthenticationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
