// SPDX-License-Identifier: MIT
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Lockbox.Web.Rendering;

/// <summary>
/// File names for downloads: RFC 6266 Content-Disposition with an RFC 8187 <c>filename*</c> for any script. The name itself
/// (no path, no control character) comes from Vault (<see cref="Vault.Contracts.Reading.MessagePartContent.FileName"/>).
/// </summary>
public static class DownloadName
{
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
