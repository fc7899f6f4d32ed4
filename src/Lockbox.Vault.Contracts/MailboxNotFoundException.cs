// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>No such mailbox. The same text for not found and not permitted (STYLE.md section 5).</summary>
public sealed class MailboxNotFoundException : Exception
{
    /// <inheritdoc/>
    public MailboxNotFoundException()
    {
    }

    /// <inheritdoc/>
    public MailboxNotFoundException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public MailboxNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
