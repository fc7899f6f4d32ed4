// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;

namespace Lockbox.Imap.Server;

/// <summary>
/// Exactly one literal's bytes, read straight from the connection as the consumer asks for them, so an
/// APPEND message streams into Vault and is never held whole here (STYLE.md section 3.3). A connection
/// that ends inside the literal is an <see cref="EndOfStreamException"/>, which aborts the append.
/// </summary>
internal sealed class LiteralReadStream : Stream
{
    readonly PipeReader _input;
    readonly long _size;
    long _remaining;

    public LiteralReadStream(PipeReader input, long size)
    {
        _input = input;
        _size = size;
        _remaining = size;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _size;

    public override long Position
    {
        get => _size - _remaining;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var read = await _input.ReadAsync(cancellationToken);
        var available = read.Buffer.Slice(0, Math.Min(read.Buffer.Length, Math.Min(_remaining, buffer.Length)));
        if (available.Length == 0)
        {
            _input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            throw new EndOfStreamException("The connection closed inside the APPEND literal");
        }

        available.CopyTo(buffer.Span);
        _input.AdvanceTo(available.End);
        _remaining -= available.Length;
        return (int)available.Length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads and drops what the consumer left unread (it stopped early, or refused), so the framing holds.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[16 * 1024];
        while (await ReadAsync(scratch, cancellationToken) > 0)
        {
        }
    }

    // Server code is async only (STYLE.md section 4).
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
