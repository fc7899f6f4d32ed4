// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>The message is larger than the in-memory verification limit and its ciphertext stream cannot seek, so it cannot be verified before release (docs/decisions/0003).</summary>
public sealed class MessageTooLargeException : MessageException
{
    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    public MessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
