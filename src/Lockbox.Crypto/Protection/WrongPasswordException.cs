// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Protection;

/// <summary>
/// The password does not open this protected key. Distinct from <see cref="ProtectedKeyFormatException"/>
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
