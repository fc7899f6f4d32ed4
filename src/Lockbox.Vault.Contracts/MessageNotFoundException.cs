// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>No message with that UID in the mailbox.</summary>
public sealed class MessageNotFoundException : Exception
{
    /// <inheritdoc/>
    public MessageNotFoundException()
    {
    }

    /// <inheritdoc/>
    public MessageNotFoundException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public MessageNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
