// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Offline;

/// <summary>
/// Master key shares are unreadable, inconsistent, or do not combine to the secret. The message names
/// the set and the problem in one line and is safe to show an officer: it never contains share bytes.
/// </summary>
public sealed class ShareException : Exception
{
    public ShareException(string message)
        : base(message)
    {
    }

    public ShareException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
