// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>The input is not a binary OpenPGP message that Lockbox can read (RFC 4880 section 11.3).</summary>
public sealed class MessageFormatException : MessageException
{
    public MessageFormatException(string message)
        : base(message)
    {
    }

    public MessageFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
