// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Keys;

/// <summary>The passphrase does not unlock the secret key. The message is safe to show a user and names no secret.</summary>
public sealed class WrongPassphraseException : Exception
{
    public WrongPassphraseException(string message)
        : base(message)
    {
    }

    public WrongPassphraseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
