// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// The login password was right, but the user's key has its own passphrase ("two-password mode") and none
/// was given: only a front end that asks for it (the webmail) can open the mailbox. IMAP answers
/// <c>NO [ALERT]</c> (issue 5, item 5).
/// </summary>
public sealed class KeyPassphraseRequiredException : Exception
{
    /// <inheritdoc/>
    public KeyPassphraseRequiredException()
    {
    }

    /// <inheritdoc/>
    public KeyPassphraseRequiredException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public KeyPassphraseRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
