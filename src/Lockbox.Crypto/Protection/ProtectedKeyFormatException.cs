// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Protection;

/// <summary>
/// The bytes are not a protected-key envelope Lockbox can open: unknown magic or version, parameters
/// out of bounds, truncated, or altered after it was written. Never raised for a wrong password.
/// The message is safe to show an operator.
/// </summary>
public sealed class ProtectedKeyFormatException : Exception
{
    public ProtectedKeyFormatException(string message)
        : base(message)
    {
    }

    public ProtectedKeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
