// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// Thrown by <see cref="ImapArguments"/> inside the command parsers and caught by
/// <see cref="ImapCommandParser.Parse"/>, which turns it into a BAD result; it never leaves the
/// parser. It keeps the per-command parsers linear (Dovecot's imap-arg helpers return false instead).
/// </summary>
sealed class ImapParseException(string message) : Exception(message);
