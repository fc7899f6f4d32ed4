// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>RFC 2033 section 4.1: LHLO replaces HELO/EHLO.</summary>
/// <param name="ClientName">The domain or address literal the client named.</param>
public sealed record LhloCommand(string ClientName) : LmtpCommand;
