// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>The typed arguments of one IMAP command; <see cref="Verb"/> keys the command gate.</summary>
public abstract record ImapCommand(ImapVerb Verb);
