// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// The DATA section as a read-only stream (RFC 5321 section 4.5.2): it removes dot-stuffing, ends at
/// the "." line, and turns bare LF line ends into CRLF (bare LF is tolerated, as the issue asks).
/// Nothing is buffered beyond the pipe's own segments, so memory stays bounded for any size.
/// </summary>
/// <remarks>
/// Reading past <see cref="LmtpOptions.MaxMessageSize"/> throws <see cref="MessageTooLargeException"/>;
/// the end of the connection before the "." line throws <see cref="EndOfStreamException"/>.
/// Either way, <see cref="DrainAsync"/> tells whether the client can still be answered.
/// </remarks>
internal sealed class DotStuffedDataStream : Stream
{
    enum State
    {
        LineStart,
        InLine,
        AfterCr,
        DotAtLineStart,
        DotCr,
        Done,
    }

    readonly PipeReader _input;
    readonly long _maxSize;
    State _state = State.LineStart;
    long _length;

    public DotStuffedDataStream(PipeReader input, long maxSize)
    {
        _input = input;
        _maxSize = maxSize;
    }

    /// <summary>True once the terminating "." line was read.</summary>
    public bool IsComplete => _state == State.Done;

    /// <summary>Bytes of message content produced so far.</summary>
    public long ContentLength => _length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("DATA is read asynchronously");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Two bytes of room: a bare LF becomes CRLF.
        if (_state == State.Done || buffer.Length < 2)
        {
            return 0;
        }

        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var written = Unstuff(result.Buffer, buffer.Span, out var consumed);
            _input.AdvanceTo(consumed, written == 0 && _state != State.Done ? result.Buffer.End : consumed);
            _length += written;
            if (_length > _maxSize)
            {
                throw new MessageTooLargeException(_maxSize);
            }

            if (written > 0 || _state == State.Done)
            {
                return written;
            }

            if (result.IsCompleted)
            {
                throw new EndOfStreamException("the client closed the connection during DATA");
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Consumes the rest of the DATA section without keeping it, so the session can reply after a
    /// failed delivery. Returns false if the connection ended first.
    /// </summary>
    public async Task<bool> DrainAsync(CancellationToken cancellationToken)
    {
        var sink = new byte[1 << 14];
        while (_state != State.Done)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var written = Unstuff(result.Buffer, sink, out var consumed);
            _input.AdvanceTo(consumed, written == 0 && _state != State.Done ? result.Buffer.End : consumed);
            if (written == 0 && _state != State.Done && result.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Unstuffs as much of <paramref name="input"/> as fits into <paramref name="output"/>.</summary>
    int Unstuff(ReadOnlySequence<byte> input, Span<byte> output, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(input);
        var written = 0;
        while (_state != State.Done && output.Length - written >= 2)
        {
            if (_state == State.InLine)
            {
                // Fast path: inside a line nothing changes until the next CR or LF, so the run up
                // to it is copied in one vectorised step instead of byte by byte through the states.
                var span = reader.UnreadSpan;
                var limit = Math.Min(span.Length, output.Length - written - 1);
                var run = span[..limit].IndexOfAny((byte)'\r', (byte)'\n');
                run = run < 0 ? limit : run;
                if (run > 0)
                {
                    span[..run].CopyTo(output[written..]);
                    written += run;
                    reader.Advance(run);
                    continue;
                }
            }

            if (!reader.TryRead(out var b))
            {
                break;
            }

            switch (_state)
            {
                case State.LineStart when b == '.':
                    _state = State.DotAtLineStart;
                    break;
                case State.LineStart or State.InLine when b == '\r':
                    _state = State.AfterCr;
                    break;
                case State.LineStart or State.InLine or State.AfterCr when b == '\n':
                    output[written++] = (byte)'\r';
                    output[written++] = (byte)'\n';
                    _state = State.LineStart;
                    break;
                case State.LineStart or State.InLine:
                    output[written++] = b;
                    _state = State.InLine;
                    break;
                case State.AfterCr when b == '\r':
                    output[written++] = (byte)'\r'; // a bare CR stays as it was
                    break;
                case State.AfterCr:
                    output[written++] = (byte)'\r';
                    output[written++] = b;
                    _state = State.InLine;
                    break;
                case State.DotAtLineStart when b == '\r':
                    _state = State.DotCr;
                    break;
                case State.DotAtLineStart when b == '\n':
                    _state = State.Done; // ".<LF>": the lenient end of data
                    break;
                case State.DotAtLineStart:
                    // RFC 5321 section 4.5.2: the first "." of a line is removed and the rest kept.
                    output[written++] = b;
                    _state = State.InLine;
                    break;
                case State.DotCr when b == '\n':
                    _state = State.Done;
                    break;
                case State.DotCr:
                    output[written++] = (byte)'\r';
                    reader.Rewind(1);
                    _state = State.InLine;
                    break;
            }
        }

        consumed = reader.Position;
        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
