// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A message that carries fresh random canaries in plain ASCII where a leak would show: its Subject,
/// its body, an attachment's file name and the attachment's (7bit, so unencoded) content.
/// </summary>
internal sealed record CanaryMessage(IReadOnlyList<string> Canaries, byte[] Bytes)
{
    public static CanaryMessage Create(string to, int bodyPaddingBytes = 0)
    {
        string[] canaries = [New("CANARYSUBJ"), New("CANARYBODY"), New("CANARYFILE"), New("CANARYATT")];
        var text = $"""
            From: Canary Sender <canary@example.net>
            To: {to}
            Subject: quarterly figures {canaries[0]}
            Date: Mon, 08 Jan 2024 10:00:00 +0000
            Message-ID: <{canaries[0]}@example.net>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="canary-boundary"

            --canary-boundary
            Content-Type: text/plain; charset=us-ascii

            The secret is {canaries[1]}.
            {new string('p', bodyPaddingBytes)}
            --canary-boundary
            Content-Type: text/plain; charset=us-ascii; name="{canaries[2]}.txt"
            Content-Disposition: attachment; filename="{canaries[2]}.txt"
            Content-Transfer-Encoding: 7bit

            attachment text {canaries[3]}
            --canary-boundary--

            """;
        return new CanaryMessage(canaries, Encoding.ASCII.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    static string New(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
