// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// The search needs message content that the server cannot read: the user's mail is encrypted to a key
/// it does not hold (<see cref="MailAccess.PublicKeyOnly"/>). Flag, date, size and UID keys still work.
/// </summary>
public sealed class SearchUnavailableException : Exception
{
    /// <inheritdoc/>
    public SearchUnavailableException()
    {
    }

    /// <inheritdoc/>
    public SearchUnavailableException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public SearchUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
