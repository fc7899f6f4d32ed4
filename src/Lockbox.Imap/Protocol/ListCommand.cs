// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// LIST [(selection)] reference pattern(s) [RETURN (options)] (RFC 3501 section 6.3.8, RFC 5258).
/// Reference and patterns are decoded like mailbox names; "%" and "*" keep their wildcard meaning.
/// </summary>
public sealed record ListCommand(
    string Reference,
    EquatableList<string> Patterns,
    ListSelection Selection,
    ListReturn Return,
    EquatableList<StatusItem> StatusItems) : ImapCommand(ImapVerb.List);
