// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// A command without arguments: CAPABILITY, NOOP, LOGOUT, STARTTLS, CHECK, CLOSE, IDLE, NAMESPACE,
/// UNSELECT, and the DONE that ends IDLE.
/// </summary>
public sealed record SimpleCommand(ImapVerb Verb) : ImapCommand(Verb);
