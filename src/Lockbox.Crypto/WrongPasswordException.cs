// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto;

/// <summary>
/// The password or passphrase does not open this secret key (a Lockbox envelope or an imported OpenPGP key). Distinct from <see cref="Protection.ProtectedKeyFormatException"/>
/// so callers can count failed logins without confusing them with damaged storage. The message is safe
/// to show a user.
/// </summary>
public sealed class WrongPasswordException : Exception
{
    public WrongPasswordException()
        : base("wrong password")
    {
    }

    public WrongPasswordException(string message)
        : base(message)
    {
    }

    public WrongPasswordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
