// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>ENABLE capabilities (RFC 5161 section 3.1); names are upper-cased.</summary>
public sealed record EnableCommand(EquatableList<string> Capabilities) : ImapCommand(ImapVerb.Enable);
