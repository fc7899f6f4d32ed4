// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.RegularExpressions;
using Lockbox.Storage;
using MimeKit;
using MimeKit.IO;

namespace Lockbox.Vault.Import;

/// <summary>
/// Reads one mbox file (RFC 4155) with MimeKit's parser, which finds the "From " separator lines. Each
/// message is its bytes between separators, unescaped by the mboxrd rule, with CRLF line ends. Flags
/// come from the Status and X-Status fields that mutt, Dovecot and other mbox writers keep (R seen;
/// A answered, F flagged, T draft, D deleted); the arrival time from the separator line's date.
/// </summary>
internal static partial class MboxSource
{
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="FormatException">The file is not an mbox.</exception>
    public static IReadOnlyList<SourceMessage> Read(string path, string mailbox)
    {
        var messages = new List<SourceMessage>();
        using var handle = File.OpenHandle(path);
        using var stream = File.OpenRead(path);
        var parser = new MimeParser(stream, MimeFormat.Mbox, persistent: true);
        (long Begin, long End) bounds = default;
        parser.MimeMessageEnd += (_, e) =>
        {
            if (e.Parent is null)
            {
                bounds = (e.BeginOffset, e.EndOffset);
            }
        };

        while (!parser.IsEndOfStream)
        {
            var message = parser.ParseMessage();
            var (begin, end) = (bounds.Begin, WithoutSeparatorLine(handle, bounds.Begin, bounds.End));
            var arrived = ArrivalDate(parser.MboxMarker) ?? (message.Date == DateTimeOffset.MinValue ? DateTime.UtcNow : message.Date.UtcDateTime);
            messages.Add(new SourceMessage(mailbox, Flags(message.Headers), arrived, () => OpenMessage(path, begin, end)));
        }

        return messages;
    }

    /// <summary>
    /// RFC 4155 section 2: the empty line before the next "From " line (or the end of the file) is the
    /// mbox's, not the message's. MimeKit counts it into the message; this takes it off again.
    /// </summary>
    static long WithoutSeparatorLine(Microsoft.Win32.SafeHandles.SafeFileHandle file, long begin, long end)
    {
        Span<byte> tail = stackalloc byte[4];
        var length = (int)Math.Min(tail.Length, end - begin);
        tail = tail[..RandomAccess.Read(file, tail[..length], end - length)];
        return tail.EndsWith("\r\n\r\n"u8) ? end - 2 : tail.EndsWith("\n\n"u8) ? end - 1 : end;
    }

    internal static SystemFlags Flags(HeaderList headers)
    {
        var flags = (headers["Status"] ?? "").Contains('R', StringComparison.Ordinal) ? SystemFlags.Seen : SystemFlags.None;
        foreach (var letter in headers["X-Status"] ?? "")
        {
            flags |= letter switch
            {
                'A' => SystemFlags.Answered,
                'F' => SystemFlags.Flagged,
                'T' => SystemFlags.Draft,
                'D' => SystemFlags.Deleted,
                _ => SystemFlags.None,
            };
        }

        return flags;
    }

    /// <summary>The asctime date of a separator line ("From sender Thu Jan  1 00:00:00 2026"), taken as UTC.</summary>
    internal static DateTime? ArrivalDate(string? marker)
    {
        var match = marker is null ? null : AsctimeDate().Match(marker);
        return match is { Success: true } && DateTime.TryParseExact(
            $"{match.Groups["month"].Value} {match.Groups["day"].Value.PadLeft(2, '0')} {match.Groups["time"].Value} {match.Groups["year"].Value}",
            "MMM dd HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : null;
    }

    static FilteredStream OpenMessage(string path, long begin, long end) =>
        CrlfStream.Open(new BoundStream(File.OpenRead(path), begin, end, leaveOpen: false), new MboxrdUnescapeFilter());

    [GeneratedRegex(@"(?<month>[A-Z][a-z]{2}) +(?<day>\d{1,2}) (?<time>\d{2}:\d{2}:\d{2})(?: [^ ]+)? (?<year>\d{4})")]
    private static partial Regex AsctimeDate();
}
