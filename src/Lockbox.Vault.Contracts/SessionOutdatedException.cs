// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// The mailbox's keys changed after this session began: it was encrypted (opt-in, <c>lockbox user encrypt</c>) or given
/// keys while the session, opened without a key, was still in use. The session cannot read the mail that is now
/// encrypted; a new login can. IMAP answers <c>BYE [ALERT]</c>; the webmail signs the user out.
/// </summary>
public sealed class SessionOutdatedException : Exception
{
    /// <inheritdoc/>
    public SessionOutdatedException()
    {
    }

    /// <inheritdoc/>
    public SessionOutdatedException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public SessionOutdatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
