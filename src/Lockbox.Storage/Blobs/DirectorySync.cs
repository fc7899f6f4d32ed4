// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;

namespace Lockbox.Storage.Blobs;

/// <summary>
/// fsync(2) on a directory, so a rename into it survives a crash. .NET has no managed API for it
/// (FileStream cannot open a directory), so this calls libc directly.
/// </summary>
internal static partial class DirectorySync
{
    const int ReadOnly = 0;
    const int Directory = 0x10000; // O_DIRECTORY on Linux

    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the supported platform is Linux (Debian); elsewhere the rename is not made durable here
        }

        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {path} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
