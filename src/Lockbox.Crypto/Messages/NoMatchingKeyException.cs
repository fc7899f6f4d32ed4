// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>The message is not encrypted to any key that the given <see cref="Keys.UnlockedKey"/> holds.</summary>
public sealed class NoMatchingKeyException : MessageException
{
    public NoMatchingKeyException(string message)
        : base(message)
    {
    }

    public NoMatchingKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
