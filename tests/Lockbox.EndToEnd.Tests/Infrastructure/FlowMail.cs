// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Messages for the client flow tests, each with a fresh subject canary and body canary (in that order in
/// <see cref="CanaryMessage.Canaries"/>) in plain ASCII, from its own sender and in its own MIME shape, so
/// that searches by sender, subject or body pick exactly one message. Line ends are CRLF.
/// </summary>
internal static class FlowMail
{
    /// <summary>text/plain with a Cc and a line that starts with a dot (dot-stuffing on the way in).</summary>
    public static CanaryMessage Plain(string from, string to, string topic) => Build(from, to, topic, (subject, body) => $"""
        Cc: Carol Example <carol@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=us-ascii

        Plain note: {body}.
        .a line that starts with a dot
        """);

    /// <summary>multipart/alternative: a text part and a quoted-printable HTML part, both with the body canary.</summary>
    public static CanaryMessage Alternative(string from, string to, string topic) => Build(from, to, topic, (subject, body) => $"""
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="alt-boundary"

        --alt-boundary
        Content-Type: text/plain; charset=utf-8

        Minutes: {body} was agreed.
        --alt-boundary
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: quoted-printable

        <p>Minutes: <b>{body}</b> was agreed.</p>
        --alt-boundary--
        """);

    /// <summary>multipart/mixed with a forwarded message/rfc822 part (its own header and body).</summary>
    public static CanaryMessage Forward(string from, string to, string topic) => Build(from, to, topic, (subject, body) => $"""
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="fwd-boundary"

        --fwd-boundary
        Content-Type: text/plain; charset=us-ascii

        Forwarding {body} below.
        --fwd-boundary
        Content-Type: message/rfc822

        From: Old Sender <old@example.net>
        Subject: the original {subject}
        Date: Sun, 07 Jan 2024 09:00:00 +0000

        Original body of {body}.
        --fwd-boundary--
        """);

    static CanaryMessage Build(string from, string to, string topic, Func<string, string, string> rest)
    {
        var subject = New("CANARYSUBJ");
        var body = New("CANARYBODY");
        var text = $"""
            From: {from}
            To: {to}
            Subject: {topic} {subject}
            Date: Mon, 08 Jan 2024 10:00:00 +0100
            Message-ID: <{subject}@example.net>

            """ + rest(subject, body) + "\n";
        var crlf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        return new CanaryMessage([subject, body], Encoding.ASCII.GetBytes(crlf));
    }

    static string New(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
