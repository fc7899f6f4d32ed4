// SPDX-License-Identifier: MIT
using System.Buffers;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// One OpenPGP message written by BouncyCastle (RSA and other keys, or with compression): its packet
/// writers emit ciphertext into the base stream's sink, drained after every slice.
/// </summary>
internal sealed class EncryptingStream : SinkEncryptingStream
{
    readonly List<byte[]> _buffers = [];
    readonly Stack<Stream> _layers = new();
    Stream? _literal;

    internal EncryptingStream(Stream output, PgpEncryptedDataGenerator generator, bool compress)
        : base(output)
    {
        try
        {
            var encrypted = RsaModulusCheck.WithValidatedKeys(() => generator.Open(Sink, Rent()));
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

    protected override bool IsOpen => _literal is not null;

    /// <inheritdoc/>
    public override void Abort() => ReturnBuffers();

    protected override void Append(ReadOnlySpan<byte> slice) => Literal.Write(slice);

    Stream Literal => _literal ?? throw new ObjectDisposedException(nameof(EncryptingStream));

    /// <summary>Closes the literal, compressed and encrypted packets, innermost first; the last writes the MDC.</summary>
    protected override void Finish()
    {
        _literal = null;
        while (_layers.TryPop(out var layer))
        {
            layer.Dispose();
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
