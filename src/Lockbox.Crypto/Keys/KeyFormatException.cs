// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Keys;

/// <summary>Input is not a well-formed OpenPGP key of the expected kind. The message is safe to show a user.</summary>
public sealed class KeyFormatException : Exception
{
    public KeyFormatException(string message)
        : base(message)
    {
    }

    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
