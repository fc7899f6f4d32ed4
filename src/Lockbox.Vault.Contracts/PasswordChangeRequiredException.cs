// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// The password was right, but it is a one-time password from an escrow recovery: the user must choose a new
/// password first (the web's password page, or <c>lockbox user passwd</c>). IMAP answers <c>NO [ALERT]</c>
/// (issue 5, item 6; docs/decisions/0019).
/// </summary>
public sealed class PasswordChangeRequiredException : Exception
{
    /// <inheritdoc/>
    public PasswordChangeRequiredException()
    {
    }

    /// <inheritdoc/>
    public PasswordChangeRequiredException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public PasswordChangeRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
