// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Sending;

/// <summary>One of the session user's messages, by mailbox and UID.</summary>
public sealed record MessageReference(string Mailbox, long Uid);
