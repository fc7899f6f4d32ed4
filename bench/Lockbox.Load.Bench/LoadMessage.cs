// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;

namespace Lockbox.Load.Bench;

/// <summary>
/// The messages the run delivers: each has a unique Message-ID (how the end of the run finds it again), a subject
/// word and body words from a small vocabulary (what UID SEARCH asks for), and about 2-6 KiB of text.
/// </summary>
public static class LoadMessage
{
    /// <summary>Words for SUBJECT and TEXT searches: a search finds roughly one message in <c>Words.Length</c>.</summary>
    public static readonly IReadOnlyList<string> Words =
    [
        "amber", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper",
        "kestrel", "lagoon", "marble", "nectar", "onyx", "pepper", "quartz", "raven", "saffron", "tundra",
    ];

    /// <summary>The Message-ID of message <paramref name="sequence"/> of the run, without angle brackets.</summary>
    public static string MessageId(long sequence) => $"load-{sequence.ToString(CultureInfo.InvariantCulture)}@load.lockbox.test";

    /// <summary>RFC 5322 bytes with CRLF line ends, not yet dot-stuffed.</summary>
    public static byte[] Build(long sequence, LoadUser recipient)
    {
        var word = Words[(int)(sequence % Words.Count)];
        var bodyWord = Words[(int)(sequence * 7 % Words.Count)];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Message-ID: <{MessageId(sequence)}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"From: Sender {sequence % 97} <sender{sequence % 97}@example.net>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"To: <{recipient.Address}>\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Subject: load message {sequence} about {word}\r\n");
        text.Append("Date: Sun, 29 Nov 2026 16:00:00 +0000\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        var lines = 30 + (int)(sequence % 70);
        for (var i = 0; i < lines; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Line {i} of message {sequence}: the weekly report");
            text.Append(i == lines / 2 ? " mentions " + bodyWord + ".\r\n" : " goes on.\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
