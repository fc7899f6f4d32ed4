// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// The incremental command receiver of one connection: synchronous, no I/O (STYLE.md section 3.2).
/// The transport loop hands it the buffered input; it consumes whole lines and literals and leaves
/// the reader at the first byte it could not use yet, so the caller advances the pipe to
/// <c>reader.Position</c> and marks everything examined. The window is capped before parsing: a line
/// longer than <see cref="ImapOptions.MaxLineLength"/> is fatal as soon as that many bytes arrive
/// without a line feed (Kestrel's TakeStartLine does the same).
/// </summary>
public sealed class ImapReceiver
{
    enum Mode
    {
        Line,
        Literal,
        AfterStreamedLiteral,
        IdleDone,
        SaslResponse,
    }

    readonly ImapOptions _options;
    readonly List<ImapToken> _tokens = [];
    Mode _mode = Mode.Line;
    string? _tag;
    string? _name;
    bool _uid;
    int _depth;
    long _lineBytes;
    long _literalBytes;
    long _literalSize;
    ImapRequest? _pending;

    public ImapReceiver(ImapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>
    /// Set after <c>ENABLE UTF8=ACCEPT</c> (RFC 9755 section 3): mailbox names are then UTF-8 and not
    /// modified UTF-7.
    /// </summary>
    public bool Utf8Accept { get; set; }

    /// <summary>
    /// Call after sending "+ idling" for IDLE (RFC 2177): the next line must be DONE, which comes back
    /// as <see cref="ImapVerb.Done"/> with the IDLE command's tag.
    /// </summary>
    public void BeginIdle(string tag)
    {
        StartSpecialLine(tag, Mode.IdleDone);
    }

    /// <summary>
    /// Call after sending a SASL challenge ("+ ..."): the next line is a base64 response or "*"
    /// (RFC 3501 section 6.2.2), returned as an <see cref="AuthenticateResponseCommand"/>.
    /// </summary>
    public void BeginSaslResponse(string tag)
    {
        StartSpecialLine(tag, Mode.SaslResponse);
    }

    /// <summary>
    /// Call instead of sending "+" when the server refuses an APPEND before its synchronizing literal
    /// (RFC 3501 section 7.5: the client then sends neither the message nor the rest of the command),
    /// after a <see cref="ImapReceiveResult.StreamLiteral"/>: the next line is a new command.
    /// </summary>
    public void AbandonStreamedLiteral()
    {
        Reset();
    }

    /// <summary>Consumes what it can from <paramref name="input"/> and says what happened.</summary>
    public ImapReceiveResult Receive(ref SequenceReader<byte> input)
    {
        while (true)
        {
            if (_mode == Mode.Literal)
            {
                if (input.Remaining < _literalSize)
                {
                    return ImapReceiveResult.NeedMoreData.Instance;
                }

                _tokens.Add(ImapToken.FromLiteral(input.UnreadSequence.Slice(0, _literalSize).ToArray()));
                input.Advance(_literalSize);
                _mode = Mode.Line;
            }

            var taken = TakeLine(ref input, out var line);
            if (taken is not null)
            {
                return taken;
            }

            var result = _mode switch
            {
                Mode.IdleDone => IdleLine(line),
                Mode.SaslResponse => SaslLine(line),
                Mode.AfterStreamedLiteral => AfterStreamedLiteralLine(line),
                _ => CommandLine(line),
            };
            if (result is not null)
            {
                return result;
            }
        }
    }

    ImapReceiveResult? TakeLine(ref SequenceReader<byte> input, out byte[] line)
    {
        line = [];
        var budget = _options.MaxLineLength - _lineBytes;
        var window = input.UnreadSequence;
        if (window.Length > budget)
        {
            window = window.Slice(0, budget);
        }

        var lineFeed = window.PositionOf((byte)'\n');
        if (lineFeed is null)
        {
            return window.Length >= budget ? Fail("Command line too long") : ImapReceiveResult.NeedMoreData.Instance;
        }

        var raw = window.Slice(0, lineFeed.Value);
        _lineBytes += raw.Length + 1;
        input.Advance(raw.Length + 1);
        // RFC 3501 section 2.2 ends lines with CRLF; a bare LF is accepted, as Dovecot does.
        line = raw.ToArray();
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        return null;
    }

    ImapReceiveResult? CommandLine(byte[] line)
    {
        var literal = ImapTokenizer.FindTrailingLiteral(line);
        var nonSync = literal?.NonSynchronizing == true;
        var body = line.AsSpan(0, literal?.BodyLength ?? line.Length);
        if (_tag is null)
        {
            if (!TryReadHead(ref body, out var headError))
            {
                return SyntaxError(headError, nonSync);
            }
        }

        if (!ImapTokenizer.TryTokenize(body, _tokens, ref _depth, _options.MaxNestingDepth, out var error))
        {
            return SyntaxError(error, nonSync);
        }

        if (literal is not { } announced)
        {
            if (_depth != 0)
            {
                return SyntaxError("Unbalanced parentheses", false);
            }

            return Finish(ParseCurrent());
        }

        // RFC 3501 section 6.3.11: the APPEND message is the literal after the mailbox name, or inside
        // the UTF8 data item, "UTF8 (" literal8 ")" (RFC 9755 section 4).
        if (string.Equals(_name, "APPEND", StringComparison.OrdinalIgnoreCase) && !_uid && _tokens.Count > 0)
        {
            var utf8Data = _depth == 1 && EndsWithUtf8DataItem();
            if ((_depth == 0 && !announced.Literal8) || utf8Data)
            {
                return StartStreamedLiteral(announced, utf8Data);
            }
        }

        if (announced.Literal8)
        {
            // literal8 belongs to BINARY (RFC 3516), which is not offered, outside APPEND's UTF8 item.
            return SyntaxError("literal8 is only accepted in APPEND's UTF8 data item", nonSync);
        }

        if (announced.Size > _options.MaxLiteralSize - _literalBytes)
        {
            // A synchronizing literal has not been sent yet, so refusing it keeps the framing
            // (RFC 7888 section 4); a non-synchronizing one is already on its way.
            return nonSync ? Fail("Literal too large") : SyntaxError("[TOOBIG] Literal too large", false);
        }

        _literalBytes += announced.Size;
        _literalSize = announced.Size;
        _mode = Mode.Literal;
        return nonSync ? null : new ImapReceiveResult.NeedLiteral(announced.Size);
    }

    bool EndsWithUtf8DataItem() =>
        _tokens.Count >= 2 && _tokens[^1].Kind == ImapTokenKind.ListStart &&
        _tokens[^2] is { Kind: ImapTokenKind.Atom } item && item.Atom!.Equals("UTF8", StringComparison.OrdinalIgnoreCase);

    ImapReceiveResult StartStreamedLiteral(LiteralAnnouncement literal, bool utf8Data)
    {
        var nonSync = literal.NonSynchronizing;
        if (literal.Size > _options.MaxAppendSize)
        {
            return nonSync ? Fail("Message too large") : SyntaxError("[TOOBIG] Message too large", false);
        }

        var placeholder = new ImapLiteralPlaceholder(literal.Size, nonSync, utf8Data);
        _tokens.Add(ImapToken.FromPlaceholder(placeholder));
        var parsed = ParseCurrent();
        if (parsed is not ImapReceiveResult.Complete complete)
        {
            // A non-synchronizing message is arriving regardless; without streaming it away the
            // framing is lost.
            return nonSync ? Fail("Invalid APPEND before a non-synchronizing literal") : Finish(parsed);
        }

        _pending = complete.Request;
        _mode = Mode.AfterStreamedLiteral;
        return new ImapReceiveResult.StreamLiteral(complete.Request, placeholder);
    }

    ImapReceiveResult AfterStreamedLiteralLine(byte[] line)
    {
        var request = _pending!;
        // The UTF8 data item closes its parenthesis after the message (RFC 9755 section 4).
        var rest = ((AppendCommand)request.Command).Message.IsUtf8Data ? ")"u8 : ""u8;
        if (line.AsSpan().SequenceEqual(rest))
        {
            Reset();
            return new ImapReceiveResult.Complete(request);
        }

        // MULTIAPPEND (RFC 3502) is not offered, so anything else after the message is an error.
        var nonSync = ImapTokenizer.FindTrailingLiteral(line)?.NonSynchronizing == true;
        return SyntaxError("Unexpected data after the APPEND message", nonSync);
    }

    ImapReceiveResult IdleLine(byte[] line)
    {
        var tag = _tag!;
        Reset();
        return Encoding.ASCII.GetString(line).Equals("DONE", StringComparison.OrdinalIgnoreCase)
            ? new ImapReceiveResult.Complete(new ImapRequest(tag, new SimpleCommand(ImapVerb.Done)))
            : new ImapReceiveResult.Bad(tag, "Expected DONE");
    }

    ImapReceiveResult SaslLine(byte[] line)
    {
        var tag = _tag!;
        Reset();
        var text = Encoding.ASCII.GetString(line);
        if (text == "*")
        {
            return new ImapReceiveResult.Complete(new ImapRequest(tag, new AuthenticateResponseCommand(null)));
        }

        return ImapArguments.IsBase64(text)
            ? new ImapReceiveResult.Complete(new ImapRequest(tag, new AuthenticateResponseCommand(text)))
            : new ImapReceiveResult.Bad(tag, "Invalid base64 in the SASL response");
    }

    // tag SP command [SP "UID" command]: RFC 3501 section 9, tag = 1*<any ASTRING-CHAR except "+">.
    bool TryReadHead(ref Span<byte> body, out string error)
    {
        var space = body.IndexOf((byte)' ');
        var tag = space < 0 ? body : body[..space];
        if (tag.IsEmpty || !IsTag(tag))
        {
            error = tag.IsEmpty ? "Missing tag" : "Invalid tag";
            return false;
        }

        _tag = Encoding.ASCII.GetString(tag);
        if (space < 0)
        {
            error = "Missing command";
            return false;
        }

        body = body[(space + 1)..];
        var name = ReadWord(ref body);
        if (name.Equals("UID", StringComparison.OrdinalIgnoreCase))
        {
            _uid = true;
            body = body.StartsWith((byte)' ') ? body[1..] : body;
            name = ReadWord(ref body);
        }

        _name = name;
        error = name.Length == 0 ? "Missing command" : body.Length > 0 && body[0] != ' ' ? "Invalid command name" : "";
        return error.Length == 0;
    }

    static string ReadWord(ref Span<byte> body)
    {
        var end = 0;
        while (end < body.Length && body[end] is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or (byte)'-')
        {
            end++;
        }

        var word = Encoding.ASCII.GetString(body[..end]);
        body = body[end..];
        return word;
    }

    static bool IsTag(ReadOnlySpan<byte> tag)
    {
        foreach (var b in tag)
        {
            if (b is <= 0x20 or >= 0x7F or (byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)'\\' or (byte)'+')
            {
                return false;
            }
        }

        return true;
    }

    ImapReceiveResult ParseCurrent() =>
        ImapCommandParser.Parse(_tag!, _name!, _uid, _tokens, Utf8Accept);

    ImapReceiveResult Finish(ImapReceiveResult result)
    {
        Reset();
        return result;
    }

    // A syntax error costs the command but not the connection, unless a non-synchronizing literal
    // follows: its bytes are already in flight and would be read as commands (RFC 7888 section 4).
    ImapReceiveResult SyntaxError(string reason, bool nonSynchronizingLiteralFollows)
    {
        if (nonSynchronizingLiteralFollows)
        {
            return Fail(reason);
        }

        var tag = _tag;
        Reset();
        return new ImapReceiveResult.Bad(tag, reason);
    }

    ImapReceiveResult.Fatal Fail(string reason)
    {
        Reset();
        return new ImapReceiveResult.Fatal(reason);
    }

    void StartSpecialLine(string tag, Mode mode)
    {
        ArgumentNullException.ThrowIfNull(tag);
        Reset();
        _tag = tag;
        _mode = mode;
    }

    void Reset()
    {
        _mode = Mode.Line;
        _tokens.Clear();
        _tag = null;
        _name = null;
        _uid = false;
        _depth = 0;
        _lineBytes = 0;
        _literalBytes = 0;
        _literalSize = 0;
        _pending = null;
    }
}
