// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// Frames command lines from the connection. The window is capped before anything is parsed
/// (STYLE.md section 3, as Kestrel's TakeStartLine does): an over-long line is skipped to its end
/// and reported, never buffered.
/// </summary>
internal sealed class LineReader
{
    readonly PipeReader _input;
    readonly int _maxLength;

    public LineReader(PipeReader input, int maxLength)
    {
        _input = input;
        _maxLength = maxLength;
    }

    /// <summary>
    /// True when a whole line has already arrived, so reading it will not wait for the client: a pipelining client sent it
    /// with the command just handled. Nothing is consumed.
    /// </summary>
    public bool HasBufferedLine()
    {
        if (!_input.TryRead(out var result))
        {
            return false;
        }

        var buffered = result.Buffer.PositionOf((byte)'\n') is not null;
        _input.AdvanceTo(result.Buffer.Start);
        return buffered;
    }

    /// <summary>The next line without its line end, <see cref="LineResult.TooLong"/>, or <see cref="LineResult.Closed"/>.</summary>
    public async ValueTask<LineResult> ReadLineAsync(CancellationToken cancellationToken)
    {
        var skipping = false;
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is { } end)
            {
                var line = buffer.Slice(0, end);
                var next = buffer.GetPosition(1, end);
                if (skipping || line.Length >= _maxLength)
                {
                    _input.AdvanceTo(next);
                    return LineResult.TooLong;
                }

                var bytes = line.ToArray();
                _input.AdvanceTo(next);
                var length = bytes.Length > 0 && bytes[^1] == '\r' ? bytes.Length - 1 : bytes.Length;
                return LineResult.Line(bytes.AsMemory(0, length));
            }

            if (buffer.Length >= _maxLength)
            {
                skipping = true;
                _input.AdvanceTo(buffer.End);
            }
            else
            {
                _input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return LineResult.Closed;
            }
        }
    }
}
