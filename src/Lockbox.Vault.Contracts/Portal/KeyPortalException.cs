// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>
/// A key portal operation was refused for <see cref="Error"/>; nothing changed. The message is one line, safe to show
/// the user and to log: it never holds a password, key material or message content.
/// </summary>
public sealed class KeyPortalException : Exception
{
    /// <inheritdoc/>
    public KeyPortalException()
    {
    }

    /// <inheritdoc/>
    public KeyPortalException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public KeyPortalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Refused for <paramref name="error"/>, with the rejection lines of a key policy verdict when there are any.</summary>
    public KeyPortalException(KeyPortalError error, string message, IReadOnlyList<string>? reasons = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
        Reasons = reasons ?? [];
    }

    /// <summary>Why it was refused.</summary>
    public KeyPortalError Error { get; } = KeyPortalError.NotAllowed;

    /// <summary>For <see cref="KeyPortalError.KeyRejected"/>: one line per broken rule, naming the rule and the key. Else empty.</summary>
    public IReadOnlyList<string> Reasons { get; } = [];
}
