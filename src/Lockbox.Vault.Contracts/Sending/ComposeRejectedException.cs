// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Sending;

/// <summary>
/// A message being written cannot be sent or saved: an address field is not valid, there is no recipient, no relay is
/// configured, or the relay could not be reached or refused the message. <see cref="Exception.Message"/> is written for the
/// user, as it is, and names the field at fault; it holds no message content. Nothing was stored.
/// </summary>
public sealed class ComposeRejectedException : Exception
{
    /// <inheritdoc/>
    public ComposeRejectedException()
    {
    }

    /// <inheritdoc/>
    public ComposeRejectedException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public ComposeRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Rejected for a fault in <paramref name="field"/> ("To", "Cc" or "Bcc").</summary>
    public ComposeRejectedException(string message, string field)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The form field at fault ("To", "Cc", "Bcc"), or null when the fault is not in one field (the relay, no recipient).</summary>
    public string? Field { get; }
}
