// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Hosting;

/// <summary>
/// <c>Lmtp:UnixSocketMode</c>: the permission bits of the LMTP Unix socket, in octal ("0660"). Kestrel creates the
/// socket with the process umask; Postfix's lmtp client runs as the <c>postfix</c> user and needs write permission
/// on the socket to connect (unix(7): connecting requires write permission on the socket file), so an
/// operator who does not share a group with Postfix widens it here and guards it by its directory instead
/// (docs/postfix.md). Unset leaves the umask's bits.
/// </summary>
public static class UnixSocketMode
{
    /// <summary>Applies <paramref name="octal"/> to <paramref name="socketPath"/>; a value that is not 3 or 4 octal digits is refused.</summary>
    public static void Apply(string socketPath, string? octal)
    {
        if (string.IsNullOrWhiteSpace(octal))
        {
            return;
        }

        File.SetUnixFileMode(socketPath, Parse(octal));
    }

    /// <summary>"660" or "0660" to the mode bits; only permission bits (no setuid, setgid or sticky).</summary>
    public static UnixFileMode Parse(string octal)
    {
        var text = octal.Trim();
        if (text.Length is < 3 or > 4 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            || text.Any(c => c > '7') || (text.Length == 4 && text[0] != '0'))
        {
            throw new ArgumentException($"Lmtp:UnixSocketMode must be octal permission bits such as 0660, not \"{octal}\"");
        }

        return (UnixFileMode)Convert.ToInt32(text, 8);
    }
}
