// SPDX-License-Identifier: MIT
namespace Lockbox.Vault;

/// <summary>The data directory: everything Lockbox stores lives under it, readable by the owner only.</summary>
internal static class DataDirectory
{
    /// <summary>Creates the directory (0700) if missing and returns its full path.</summary>
    public static string Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return full;
    }
}
