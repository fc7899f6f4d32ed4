// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// A mailbox operation was refused for the reason in <see cref="Error"/>. The message is safe to show to
/// the client and to log: it never holds message content. A missing mailbox is
/// <see cref="MailboxNotFoundException"/> instead.
/// </summary>
public sealed class MailboxOperationException : Exception
{
    /// <inheritdoc/>
    public MailboxOperationException()
    {
    }

    /// <inheritdoc/>
    public MailboxOperationException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public MailboxOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Refused for <paramref name="error"/>.</summary>
    public MailboxOperationException(MailboxError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Refused for <paramref name="error"/>, caused by <paramref name="innerException"/>.</summary>
    public MailboxOperationException(MailboxError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Why it was refused.</summary>
    public MailboxError Error { get; } = MailboxError.NotAllowed;

    /// <summary>
    /// The line a front end logs: the message of the failure that caused the refusal when there is one (for
    /// <see cref="MailboxError.Unavailable"/> the storage layer's one line, what it could not do and its error code, or a
    /// file or key error; none names message data), else <see cref="Exception.Message"/>. Not for the client, which gets
    /// <see cref="Exception.Message"/>.
    /// </summary>
    public string Reason => InnerException?.Message ?? Message;
}
