// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>The kinds of lexical token in a command's arguments.</summary>
enum ImapTokenKind
{
    /// <summary>A run of atom characters; also flags (<c>\Seen</c>), sequence sets and FETCH items with brackets.</summary>
    Atom,

    /// <summary>A quoted string, unescaped.</summary>
    Quoted,

    /// <summary>A literal the receiver buffered.</summary>
    Literal,

    /// <summary>An APPEND message literal the server streams itself.</summary>
    StreamedLiteral,

    ListStart,

    ListEnd,
}
