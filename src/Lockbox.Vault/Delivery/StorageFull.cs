// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Delivery;

/// <summary>Whether a delivery failed because a disk is full, which LMTP reports as such (452 4.3.1) rather than as any failure.</summary>
internal static class StorageFull
{
    // Linux errno values, which .NET puts in IOException.HResult on Unix: no space left, disk quota exceeded.
    const int NoSpace = 28;
    const int QuotaExceeded = 122;

    public static bool Caused(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException { StorageFull: true } || (e is IOException && e.HResult is NoSpace or QuotaExceeded))
            {
                return true;
            }
        }

        return false;
    }
}
