// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>The message was modified, truncated or lacks a modification detection code (RFC 4880 section 5.13). No plaintext was released.</summary>
public sealed class MessageIntegrityException : MessageException
{
    public MessageIntegrityException(string message)
        : base(message)
    {
    }

    public MessageIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
