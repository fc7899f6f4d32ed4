// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>A plain message of a chosen size, for tests where the size is the point (quotas).</summary>
internal static class SizedMessage
{
    const string Line = "a line of text to make the message larger\r\n";

    /// <summary>CRLF line ends, at most <paramref name="size"/> octets and less than one line short of it.</summary>
    public static string Text(string from, string to, string subject, int size)
    {
        var text = new StringBuilder($"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@example.net>\r\n\r\n");
        while (text.Length + Line.Length <= size)
        {
            text.Append(Line);
        }

        return text.ToString();
    }
}
