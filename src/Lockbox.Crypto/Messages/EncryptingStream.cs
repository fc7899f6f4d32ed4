// SPDX-License-Identifier: MIT
using System.Buffers;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Write-only plaintext stream that emits one OpenPGP message. BouncyCastle writes the ciphertext into a
/// small in-memory sink, which is drained to the caller's stream after every slice of at most
/// <see cref="ChunkSize"/> plaintext bytes; that keeps memory bounded and lets the async path write the
/// output asynchronously. Disposing finishes the packets and the MDC but leaves the output open.
/// </summary>
internal sealed class EncryptingStream : Stream, IAbortableEncryption
{
    /// <summary>
    /// Partial body length chunk size (RFC 4880 section 4.2.2.4): BouncyCastle uses the largest power
    /// of two that fits the buffer, so 64 KiB chunks.
    /// </summary>
    internal const int ChunkSize = 1 << 16;

    readonly Stream _output;
    readonly MemoryStream _sink = new();
    readonly List<byte[]> _buffers = [];
    readonly Stack<Stream> _layers = new();
    Stream? _literal;

    internal EncryptingStream(Stream output, PgpEncryptedDataGenerator generator, bool compress)
    {
        _output = output;
        try
        {
            var encrypted = RsaModulusCheck.WithValidatedKeys(() => generator.Open(_sink, Rent()));
            _layers.Push(encrypted);
            var inner = encrypted;
            if (compress)
            {
                inner = new PgpCompressedDataGenerator(CompressionAlgorithmTag.ZLib).Open(encrypted, Rent());
                _layers.Push(inner);
            }

            // Binary literal data with no file name and a zero date (RFC 4880 section 5.9): the stored
            // message carries its own headers and nothing here should leak outside them.
            _literal = new PgpLiteralDataGenerator().Open(inner, PgpLiteralData.Binary, "", DateTime.UnixEpoch, Rent());
            _layers.Push(_literal);
        }
        catch
        {
            ReturnBuffers();
            throw;
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _literal is not null;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var literal = Literal;
        while (!buffer.IsEmpty)
        {
            var slice = buffer[..Math.Min(buffer.Length, ChunkSize)];
            literal.Write(slice);
            buffer = buffer[slice.Length..];
            Drain();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var literal = Literal;
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var slice = buffer[..Math.Min(buffer.Length, ChunkSize)];
            literal.Write(slice.Span);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing && _literal is not null)
        {
            try
            {
                Finish();
                Drain();
            }
            finally
            {
                ReturnBuffers();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_literal is not null)
        {
            try
            {
                Finish();
                await DrainAsync(CancellationToken.None);
            }
            finally
            {
                ReturnBuffers();
            }
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public void Abort() => ReturnBuffers();

    Stream Literal => _literal ?? throw new ObjectDisposedException(nameof(EncryptingStream));

    /// <summary>Closes the literal, compressed and encrypted packets, innermost first; the last writes the MDC.</summary>
    void Finish()
    {
        _literal = null;
        while (_layers.TryPop(out var layer))
        {
            layer.Dispose();
        }
    }

    void Drain()
    {
        if (_sink.Length > 0)
        {
            _output.Write(_sink.GetBuffer(), 0, (int)_sink.Length);
            _sink.SetLength(0);
        }
    }

    async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        if (_sink.Length > 0)
        {
            await _output.WriteAsync(_sink.GetBuffer().AsMemory(0, (int)_sink.Length), cancellationToken);
            _sink.SetLength(0);
        }
    }

    byte[] Rent()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _buffers.Add(buffer);
        return buffer;
    }

    /// <summary>The literal and compression buffers held plaintext: zero them before the pool reuses them.</summary>
    void ReturnBuffers()
    {
        _literal = null;
        foreach (var buffer in _buffers)
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }

        _buffers.Clear();
    }
}
