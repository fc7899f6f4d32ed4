// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Lmtp.Protocol;

/// <summary>
/// One reply: a three-digit code, an enhanced status code (RFC 3463, advertised per RFC 2034) and
/// text lines. Multi-line replies use "code-" continuation lines (RFC 5321 section 4.2.1).
/// </summary>
public sealed record LmtpReply(int Code, string? EnhancedCode, IReadOnlyList<string> Lines)
{
    public LmtpReply(int code, string? enhancedCode, string text)
        : this(code, enhancedCode, [text])
    {
    }

    /// <summary>The wire form, every line ending in CRLF.</summary>
    public string ToWire()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            builder.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (EnhancedCode is not null)
            {
                builder.Append(EnhancedCode).Append(' ');
            }

            builder.Append(Lines[i]).Append("\r\n");
        }

        return builder.ToString();
    }
}
