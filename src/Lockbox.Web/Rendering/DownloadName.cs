// SPDX-License-Identifier: MIT
using System.Text;
using Microsoft.Net.Http.Headers;
using MimeKit;

namespace Lockbox.Web.Rendering;

/// <summary>File names for downloads: RFC 6266 Content-Disposition with an RFC 8187 <c>filename*</c> for any script.</summary>
public static class DownloadName
{
    /// <summary>The part's decoded file name without any path, or <c>part-N</c> when it has none.</summary>
    public static string Of(MimePart part, int index)
    {
        var name = part.FileName;
        if (string.IsNullOrWhiteSpace(name))
        {
            return "part-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // A sender's "../../x" or "C:\x" must not name a path on the reader's disk; controls must not reach a header.
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var clean = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 || clean is "." or ".." ? "part-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : clean;
    }

    /// <summary>
    /// <c>attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded</c> (RFC 6266 section 4.3: browsers
    /// that know filename* prefer it, older ones take the ASCII fallback).
    /// </summary>
    public static string ContentDisposition(string fileName, bool inline)
    {
        var ascii = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }

        var header = new ContentDispositionHeaderValue(inline ? "inline" : "attachment")
        {
            FileName = ascii.ToString(),
            FileNameStar = fileName,
        };
        return header.ToString();
    }
}
