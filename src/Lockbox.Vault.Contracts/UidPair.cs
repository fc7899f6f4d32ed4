// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A copied message: its UID in the source mailbox and the UID of the copy in the target.</summary>
public sealed record UidPair(long Source, long Target);
