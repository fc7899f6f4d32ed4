// SPDX-License-Identifier: MIT
namespace Lockbox.Load.Bench;

/// <summary>The LMTP server answered something other than what the step expects (for a message: not 250).</summary>
public sealed class LmtpReplyException(string message) : Exception(message);
