// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// Formats responses into a buffer (the connection's pipe writer). Strings go out quoted when that is
/// safe and short, otherwise as literals (RFC 3501 section 4.3), so no value can break the framing.
/// </summary>
public sealed class ImapResponseWriter(IBufferWriter<byte> output)
{
    /// <summary>
    /// Longest string sent quoted. Longer ones become literals, which keeps response lines short
    /// for clients with fixed line buffers; Dovecot switches to literals for long strings as well.
    /// </summary>
    public const int MaxQuotedLength = 1024;

    static readonly byte[] CrLf = "\r\n"u8.ToArray();

    /// <summary>
    /// Set after <c>ENABLE UTF8=ACCEPT</c>: 8-bit strings may be quoted and mailbox names go out as
    /// UTF-8 (RFC 9755 section 3).
    /// </summary>
    public bool Utf8Accept { get; set; }

    public void Write(ImapResponse response)
    {
        switch (response)
        {
            case ImapStatusResponse status:
                WriteStatus(status);
                break;
            case ImapDataResponse data:
                WriteAscii("* ");
                WriteItems(data.Items);
                output.Write(CrLf);
                break;
            case ImapContinuationResponse continuation:
                WriteAscii("+ ");
                WriteText(continuation.Text);
                output.Write(CrLf);
                break;
            default:
                throw new ArgumentException("Unknown response type.", nameof(response));
        }
    }

    public void WriteValue(ImapValue value)
    {
        switch (value)
        {
            case ImapValue.Atom atom:
                WriteAscii(atom.Value);
                break;
            case ImapValue.Number number:
                // ulong's invariant digits, formatted in place (20 digits at most).
                number.Value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
                output.Advance(written);
                break;
            case ImapValue.Text { Value: null }:
            case ImapValue.Nil:
                WriteAscii("NIL");
                break;
            case ImapValue.Text text:
                WriteString(Encoding.UTF8.GetBytes(text.Value));
                break;
            case ImapValue.RawString raw:
                WriteString(raw.Value.Span);
                break;
            case ImapValue.Octets octets:
                WriteLiteral(octets.Value.Span);
                break;
            case ImapValue.Mailbox mailbox:
                WriteString(Encoding.UTF8.GetBytes(Utf8Accept ? mailbox.Name : ModifiedUtf7.Encode(mailbox.Name)));
                break;
            case ImapValue.Formatted formatted:
                output.Write(formatted.Value.Span);
                break;
            case ImapValue.List list:
                WriteAscii("(");
                WriteItems(list.Items);
                WriteAscii(")");
                break;
            default:
                throw new ArgumentException("Unknown value type.", nameof(value));
        }
    }

    void WriteStatus(ImapStatusResponse status)
    {
        WriteAscii(status.Tag ?? "*");
        WriteAscii(status.Status switch
        {
            ImapStatus.Ok => " OK ",
            ImapStatus.No => " NO ",
            ImapStatus.Bad => " BAD ",
            ImapStatus.PreAuth => " PREAUTH ",
            _ => " BYE ",
        });
        if (status.Code is not null)
        {
            WriteText(status.Code.ToString());
            WriteAscii(" ");
        }

        // resp-text needs at least one character (RFC 3501 section 9).
        WriteText(status.Text.Length == 0 ? "Completed" : status.Text);
        output.Write(CrLf);
    }

    void WriteItems(EquatableList<ImapValue> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                WriteAscii(" ");
            }

            WriteValue(items[i]);
        }
    }

    void WriteString(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxQuotedLength || !CanQuote(value))
        {
            WriteLiteral(value);
            return;
        }

        var span = output.GetSpan((value.Length * 2) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in value)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                span[n++] = (byte)'\\';
            }

            span[n++] = b;
        }

        span[n++] = (byte)'"';
        output.Advance(n);
    }

    // QUOTED-CHAR excludes CR and LF (RFC 3501 section 9); 8-bit octets only under UTF8=ACCEPT, and then
    // only as valid UTF-8 (RFC 9755 section 3, utf8-quoted): a header in another 8-bit charset goes as a
    // literal. NUL is not allowed in either form of string.
    bool CanQuote(ReadOnlySpan<byte> value)
    {
        var eightBit = false;
        foreach (var b in value)
        {
            if (b is 0 or (byte)'\r' or (byte)'\n')
            {
                return false;
            }

            eightBit |= b >= 0x80;
        }

        return !eightBit || (Utf8Accept && Utf8.IsValid(value));
    }

    void WriteLiteral(ReadOnlySpan<byte> value)
    {
        WriteAscii("{" + value.Length.ToString(CultureInfo.InvariantCulture) + "}\r\n");
        output.Write(value);
    }

    // Human-readable text cannot carry CR or LF without breaking the line.
    void WriteText(string text)
    {
        output.Write(Encoding.UTF8.GetBytes(text.Replace('\r', ' ').Replace('\n', ' ')));
    }

    void WriteAscii(string text)
    {
        output.Advance(Encoding.ASCII.GetBytes(text, output.GetSpan(text.Length)));
    }
}
