// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>Test messages (CRLF line ends, as delivered over LMTP).</summary>
internal static class Mails
{
    public static string Text(string subject, string body, string from = "Bob <bob@example.net>", string date = "Thu, 01 Jan 2026 10:00:00 +0000") =>
        $"From: {from}\r\nTo: alice@example.org\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{Guid.NewGuid():N}@example.net>\r\n" +
        $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    public static string Html(string subject, string html) =>
        $"From: Bob <bob@example.net>\r\nTo: alice@example.org\r\nSubject: {subject}\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\n" +
        $"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n";

    /// <summary>A text body and one base64 attachment named <paramref name="fileName"/> (RFC 2231 encoded).</summary>
    public static string WithAttachment(string subject, string fileName, string contentType, byte[] content) =>
        $"From: Bob <bob@example.net>\r\nTo: alice@example.org\r\nSubject: {subject}\r\nDate: Thu, 01 Jan 2026 10:00:00 +0000\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attachment.\r\n" +
        $"--b1\r\nContent-Type: {contentType}\r\nContent-Disposition: attachment; filename*=UTF-8''{Uri.EscapeDataString(fileName)}\r\n" +
        "Content-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + "\r\n--b1--\r\n";
}
