// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>
/// Base of the errors that encrypting or decrypting a message reports. The message text is safe to log:
/// it never contains plaintext or key material.
/// </summary>
public abstract class MessageException : Exception
{
    protected MessageException(string message)
        : base(message)
    {
    }

    protected MessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
