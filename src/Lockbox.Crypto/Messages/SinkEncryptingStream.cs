// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>
/// The write-only stream both OpenPGP writers share: plaintext goes in slices of at most
/// <see cref="ChunkSize"/> bytes to <see cref="Append"/>, which leaves ciphertext in <see cref="Sink"/>;
/// the sink is drained to the caller's stream after every slice, so memory stays bounded and the async
/// path writes asynchronously. Disposing finishes the message (its MDC) but leaves the output open; a
/// failure while finishing still releases the buffers through <see cref="Abort"/>.
/// </summary>
internal abstract class SinkEncryptingStream : Stream, IAbortableEncryption
{
    /// <summary>
    /// Partial body length chunk size (RFC 4880 section 4.2.2.4): BouncyCastle uses the largest power
    /// of two that fits the buffer, so 64 KiB chunks.
    /// </summary>
    internal const int ChunkSize = 1 << 16;

    readonly Stream _output;

    protected SinkEncryptingStream(Stream output)
    {
        _output = output;
    }

    /// <summary>Where the writer leaves its ciphertext until the next drain.</summary>
    protected MemoryStream Sink { get; } = new();

    /// <summary>False once the message is finished or aborted.</summary>
    protected abstract bool IsOpen { get; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => IsOpen;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfClosed();
        while (!buffer.IsEmpty)
        {
            var slice = buffer[..Math.Min(buffer.Length, ChunkSize)];
            Append(slice);
            buffer = buffer[slice.Length..];
            Drain();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = buffer[..Math.Min(buffer.Length, ChunkSize)];
            Append(slice.Span);
            buffer = buffer[slice.Length..];
            await DrainAsync(cancellationToken);
        }
    }

    public override void Flush()
    {
        Drain();
        _output.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await _output.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public abstract void Abort();

    /// <summary>Encrypts one slice of plaintext (at most <see cref="ChunkSize"/> bytes) into <see cref="Sink"/>.</summary>
    protected abstract void Append(ReadOnlySpan<byte> slice);

    /// <summary>Writes what ends the message (the last packets and the MDC) into <see cref="Sink"/>.</summary>
    protected abstract void Finish();

    protected override void Dispose(bool disposing)
    {
        if (disposing && IsOpen)
        {
            try
            {
                Finish();
                Drain();
            }
            finally
            {
                Abort();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (IsOpen)
        {
            try
            {
                Finish();
                await DrainAsync(CancellationToken.None);
            }
            finally
            {
                Abort();
            }
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    void ThrowIfClosed() => ObjectDisposedException.ThrowIf(!IsOpen, this);

    void Drain()
    {
        if (Sink.Length > 0)
        {
            _output.Write(Sink.GetBuffer(), 0, (int)Sink.Length);
            Sink.SetLength(0);
        }
    }

    async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (Sink.Length > 0)
        {
            await _output.WriteAsync(Sink.GetBuffer().AsMemory(0, (int)Sink.Length), cancellationToken);
            Sink.SetLength(0);
        }
    }
}
