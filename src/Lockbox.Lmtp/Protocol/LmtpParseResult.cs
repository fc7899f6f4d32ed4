// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>The outcome of parsing one command line: a command, or the reply that rejects it.</summary>
public readonly record struct LmtpParseResult(LmtpCommand? Command, LmtpReply? Error)
{
    public static LmtpParseResult Ok(LmtpCommand command) => new(command, null);

    public static LmtpParseResult Fail(LmtpReply error) => new(null, error);
}
