// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>The commands without arguments that matter: DATA, RSET, NOOP, QUIT, VRFY, HELP.</summary>
/// <param name="Verb">Which command.</param>
public sealed record SimpleCommand(LmtpVerb Verb) : LmtpCommand;
