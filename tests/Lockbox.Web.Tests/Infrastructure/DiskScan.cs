// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>
/// Canary search in raw files, as the end-to-end LeakScanner does: each canary's hex part as ASCII, case-insensitive,
/// in every file under a directory (blobs, SQLite and its -wal and -shm, anything else), read without a lock.
/// </summary>
internal static class DiskScan
{
    /// <summary>The files that contain any of the canaries ("CANARYXXXX-" prefix optional).</summary>
    public static IReadOnlyList<string> FilesContaining(string directory, params string[] canaries)
    {
        var needles = canaries.Select(c => Encoding.ASCII.GetBytes(c[(c.LastIndexOf('-') + 1)..].ToLowerInvariant())).ToList();
        var hits = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            byte[] haystack;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                haystack = copy.ToArray();
            }

            for (var i = 0; i < haystack.Length; i++)
            {
                haystack[i] = haystack[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(haystack[i] | 0x20) : haystack[i];
            }

            if (needles.Any(n => haystack.AsSpan().IndexOf(n) >= 0))
            {
                hits.Add(path);
            }
        }

        return hits;
    }
}
