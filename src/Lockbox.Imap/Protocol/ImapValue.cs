// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>A value inside a data response; <see cref="ImapResponseWriter"/> chooses its wire form.</summary>
public abstract record ImapValue
{
    ImapValue()
    {
    }

    public static ImapValue NilValue { get; } = new Nil();

    /// <summary>
    /// Written verbatim: keywords, flags, FETCH item names such as <c>BODY[1.MIME]&lt;0&gt;</c>. The caller
    /// guarantees the text has no CR, LF or 8-bit octets.
    /// </summary>
    public sealed record Atom(string Value) : ImapValue;

    public sealed record Number(ulong Value) : ImapValue;

    /// <summary>A string, written quoted or as a literal; null is NIL.</summary>
    public sealed record Text(string? Value) : ImapValue;

    /// <summary>
    /// Raw octets as a string (header values in ENVELOPE and BODYSTRUCTURE): quoted when they may be,
    /// else a literal, so 8-bit header text goes out unchanged (RFC 3501 section 4.3).
    /// </summary>
    public sealed record RawString(ReadOnlyMemory<byte> Value) : ImapValue;

    /// <summary>Octets written as a literal (body sections).</summary>
    public sealed record Octets(ReadOnlyMemory<byte> Value) : ImapValue;

    /// <summary>A mailbox name, encoded in modified UTF-7 unless UTF8=ACCEPT is enabled (RFC 9755 section 3).</summary>
    public sealed record Mailbox(string Name) : ImapValue;

    public sealed record Nil : ImapValue;

    /// <summary>
    /// A value already in its wire form (made by <see cref="ImapResponseWriter"/>), written as it is: a response that
    /// holds thousands of them keeps one array each instead of a tree of objects.
    /// </summary>
    public sealed record Formatted(ReadOnlyMemory<byte> Value) : ImapValue;

    public sealed record List(EquatableList<ImapValue> Items) : ImapValue;
}
