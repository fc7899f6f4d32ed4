// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>One (possibly multi-line) reply: its code and the text of every line, without the code.</summary>
internal sealed record LmtpResponse(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The last line's text, where an LMTP server puts the per-recipient answer.</summary>
    public string Text => Lines[^1];

    public bool IsPositive => Code is >= 200 and < 300;

    public override string ToString() => $"{Code} {string.Join(" / ", Lines)}";
}
