// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// A response a handler returns and the connection writes with <see cref="ImapResponseWriter"/>.
/// Handlers never write to the transport themselves (STYLE.md section 3.6).
/// </summary>
public abstract record ImapResponse;
