// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Escrow;

/// <summary>A recovery request or response is not well-formed, or does not belong where it was given. The message is safe to show.</summary>
public sealed class EscrowFormatException : Exception
{
    public EscrowFormatException(string message)
        : base(message)
    {
    }

    public EscrowFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
