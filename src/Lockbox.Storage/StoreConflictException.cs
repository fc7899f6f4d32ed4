// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>A unique name (address, mailbox name) is already taken. Permanent: retrying will not help.</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
