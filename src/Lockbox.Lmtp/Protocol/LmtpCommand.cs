// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>A parsed LMTP command line (RFC 2033 section 4, RFC 5321 section 4.1.1).</summary>
public abstract record LmtpCommand;
