// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Where an appended message was stored: what IMAP's APPENDUID response code carries (RFC 4315 section 3).</summary>
/// <param name="UidValidity">The target mailbox's UIDVALIDITY.</param>
/// <param name="Uid">The new message's UID.</param>
public sealed record AppendResult(long UidValidity, long Uid);
