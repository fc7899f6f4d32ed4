// SPDX-License-Identifier: MIT
using System.Globalization;
using MimeKit;

namespace Lockbox.Vault.Reading;

/// <summary>The file name a part is listed and downloaded under.</summary>
internal static class PartFileName
{
    /// <summary>
    /// The part's decoded file name (Content-Disposition filename, RFC 2183 and RFC 2231 continuations, or Content-Type
    /// name) without any path, or <c>part-N</c> (N = <paramref name="index"/> + 1) when it has none.
    /// </summary>
    public static string Of(MimePart part, int index)
    {
        var name = part.FileName;
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback(index);
        }

        // A sender's "../../x" or "C:\x" must not name a path on the reader's disk; controls must not reach a header.
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 || clean is "." or ".." ? Fallback(index) : clean;
    }

    static string Fallback(int index) => "part-" + (index + 1).ToString(CultureInfo.InvariantCulture);
}
