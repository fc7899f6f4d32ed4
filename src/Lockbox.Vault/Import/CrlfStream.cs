// SPDX-License-Identifier: MIT
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace Lockbox.Vault.Import;

/// <summary>
/// A source file's bytes as the funnel reads them: Maildir and mbox files usually have LF line ends, stored
/// mail has CRLF (RFC 5322 section 2.1). MimeKit's Unix2DosFilter leaves existing CRLF alone.
/// </summary>
internal static class CrlfStream
{
    /// <summary>Reads <paramref name="source"/> (owned) through <paramref name="first"/>, if any, then to CRLF.</summary>
    public static FilteredStream Open(Stream source, IMimeFilter? first = null)
    {
        var filtered = new FilteredStream(source);
        if (first is not null)
        {
            filtered.Add(first);
        }

        filtered.Add(new Unix2DosFilter());
        return filtered;
    }
}
