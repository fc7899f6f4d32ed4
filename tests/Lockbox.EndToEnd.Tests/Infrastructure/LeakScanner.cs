// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Byte search for canary tokens in raw files, as mailbench.py leakscan does: the token's 16 hex
/// digits as contiguous ASCII, case-insensitive, with or without its "CANARY...-" prefix. Files
/// are read whole and raw: SQLite pages, -wal and -shm, blobs, temp files, the lock file.
/// Encoded copies (base64, compressed) are not detected, so canaries go into messages as plain text.
/// </summary>
internal static class LeakScanner
{
    /// <summary>Each token found, with every place it was found (file path, or the label of a text).</summary>
    public static IReadOnlyDictionary<string, List<string>> Scan(IEnumerable<string> canaries, string directory, params (string Label, string Text)[] texts)
    {
        var needles = canaries.Select(c => (Canary: c, Bytes: Encoding.ASCII.GetBytes(Token(c)))).ToList();
        var hits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sources = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => (Label: path, Read: (Func<byte[]>)(() => ReadShared(path))))
            .Concat(texts.Select(t => (t.Label, Read: (Func<byte[]>)(() => Encoding.UTF8.GetBytes(t.Text)))));
        foreach (var (label, read) in sources)
        {
            var haystack = read();
            AsciiLower(haystack);
            foreach (var (canary, needle) in needles)
            {
                if (haystack.AsSpan().IndexOf(needle) >= 0)
                {
                    (hits.TryGetValue(canary, out var where) ? where : hits[canary] = []).Add(label);
                }
            }
        }

        return hits;
    }

    /// <summary>A line per hit, for assertion messages.</summary>
    public static string Describe(IReadOnlyDictionary<string, List<string>> hits) =>
        string.Join('\n', hits.Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"));

    /// <summary>"CANARYSUBJ-0123..." and "0123..." both reduce to the lowercase hex part.</summary>
    static string Token(string canary) => canary[(canary.LastIndexOf('-') + 1)..].ToLowerInvariant();

    /// <summary>Reads without taking a lock (FileShare.ReadWrite makes .NET skip flock), so a live server is undisturbed.</summary>
    static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    static void AsciiLower(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is >= (byte)'A' and <= (byte)'Z')
            {
                bytes[i] |= 0x20;
            }
        }
    }
}
