// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>One lexical token of a command's arguments, as the receiver split them.</summary>
readonly record struct ImapToken(ImapTokenKind Kind, string? Atom, byte[]? Bytes, ImapLiteralPlaceholder? Placeholder)
{
    public static readonly ImapToken ListStart = new(ImapTokenKind.ListStart, null, null, null);

    public static readonly ImapToken ListEnd = new(ImapTokenKind.ListEnd, null, null, null);

    /// <summary>True for the forms an IMAP <c>string</c> may take (quoted or literal).</summary>
    public bool IsString => Kind is ImapTokenKind.Quoted or ImapTokenKind.Literal;

    public static ImapToken FromAtom(string atom) => new(ImapTokenKind.Atom, atom, null, null);

    public static ImapToken FromQuoted(byte[] bytes) => new(ImapTokenKind.Quoted, null, bytes, null);

    public static ImapToken FromLiteral(byte[] bytes) => new(ImapTokenKind.Literal, null, bytes, null);

    public static ImapToken FromPlaceholder(ImapLiteralPlaceholder placeholder) =>
        new(ImapTokenKind.StreamedLiteral, null, null, placeholder);

    public override string ToString() => Kind switch
    {
        ImapTokenKind.Atom => Atom!,
        ImapTokenKind.Quoted or ImapTokenKind.Literal => "\"" + Encoding.UTF8.GetString(Bytes!) + "\"",
        ImapTokenKind.StreamedLiteral => Placeholder!.ToString(),
        ImapTokenKind.ListStart => "(",
        _ => ")",
    };
}
