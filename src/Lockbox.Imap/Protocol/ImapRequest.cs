// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>A parsed command with the client's tag.</summary>
public sealed record ImapRequest(string Tag, ImapCommand Command);
