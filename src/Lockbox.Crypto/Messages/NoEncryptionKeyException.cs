// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>A recipient certificate has no valid, encryption-capable key. Nothing was written.</summary>
public sealed class NoEncryptionKeyException : MessageException
{
    public NoEncryptionKeyException(string message)
        : base(message)
    {
    }

    public NoEncryptionKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
