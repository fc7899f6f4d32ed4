// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Write-only plaintext stream that emits the stored form (DESIGN.md section 4) with .NET's AES and
/// SHA-1 (OpenSSL, AES-NI) instead of BouncyCastle's managed ones, which cost about 1 ms per 100 KB of
/// mail: one PKESK per recipient (<see cref="Curve25519SessionKeyPacket"/>), then a SEIPD packet
/// (RFC 4880 section 5.13): version 1, AES-256 in CFB mode with a zero IV and no resynchronisation over
/// an 18-octet random prefix (its last two octets repeated), the binary literal data packet (section
/// 5.9, empty name, zero date) and the MDC packet (section 5.14, SHA-1 over prefix, plaintext and the
/// MDC packet's two header octets). Both packets use 64 KiB partial body lengths (section 4.2.2.4), as
/// <see cref="EncryptingStream"/> does. Disposing finishes the message; <see cref="Abort"/> leaves it
/// without its MDC, so it never decrypts.
/// </summary>
internal sealed class SeipdEncryptingStream : SinkEncryptingStream
{
    const byte PartialChunkOctet = 0xE0 + 16; // partial body length of 2^16 octets
    const int BlockSize = 16;

    readonly Aes _aes;
    readonly IncrementalHash _mdc = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    readonly byte[] _iv = new byte[BlockSize];
    readonly byte[] _carry = new byte[BlockSize];
    byte[]? _literal;
    byte[]? _work;
    byte[]? _packet;
    int _literalLength;
    int _carryLength;
    int _packetLength;

    internal SeipdEncryptingStream(Stream output, IReadOnlyList<byte[]> sessionKeyPackets, byte[] sessionKey)
        : base(output)
    {
        _aes = Aes.Create();
        _aes.Key = sessionKey;
        _literal = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _work = ArrayPool<byte>.Shared.Rent(ChunkSize);
        _packet = ArrayPool<byte>.Shared.Rent(ChunkSize);
        foreach (var packet in sessionKeyPackets)
        {
            Sink.Write(packet);
        }

        Sink.WriteByte(0xC0 | (byte)PacketTag.SymmetricEncryptedIntegrityProtected);
        _packet[_packetLength++] = 1; // SEIPD version 1, in the clear

        Span<byte> prefix = stackalloc byte[BlockSize + 2];
        RandomNumberGenerator.Fill(prefix[..BlockSize]);
        prefix[BlockSize] = prefix[BlockSize - 2];
        prefix[BlockSize + 1] = prefix[BlockSize - 1];
        Plaintext(prefix);
        CryptographicOperations.ZeroMemory(prefix);

        // The literal data packet: new-format tag 11, then its body starts with format 'b', an empty
        // file name and a zero date; its length octets are written as each chunk is framed.
        Plaintext([0xC0 | (byte)PacketTag.LiteralData]);
        _literal[0] = (byte)'b';
        _literal.AsSpan(1, 5).Clear();
        _literalLength = 6;
    }

    protected override bool IsOpen => _literal is not null;

    /// <summary>Releases the buffers (zeroed: they held plaintext) and the key without writing the MDC.</summary>
    public override void Abort()
    {
        if (_literal is null)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_literal, clearArray: true);
        ArrayPool<byte>.Shared.Return(_work!, clearArray: true);
        ArrayPool<byte>.Shared.Return(_packet!);
        _literal = _work = _packet = null;
        CryptographicOperations.ZeroMemory(_carry);
        _aes.Dispose();
        _mdc.Dispose();
    }

    byte[] Literal => _literal ?? throw new ObjectDisposedException(nameof(SeipdEncryptingStream));

    protected override void Append(ReadOnlySpan<byte> buffer)
    {
        var literal = Literal;
        while (!buffer.IsEmpty)
        {
            if (_literalLength == ChunkSize)
            {
                Plaintext([PartialChunkOctet]);
                Plaintext(literal.AsSpan(0, ChunkSize));
                _literalLength = 0;
            }

            var take = Math.Min(buffer.Length, ChunkSize - _literalLength);
            buffer[..take].CopyTo(literal.AsSpan(_literalLength));
            _literalLength += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Closes the literal packet, appends the MDC packet, flushes the cipher and closes the SEIPD packet.</summary>
    protected override void Finish()
    {
        var literal = Literal;
        Plaintext(BodyLength(_literalLength, stackalloc byte[5]));
        Plaintext(literal.AsSpan(0, _literalLength));
        _literalLength = 0;

        ReadOnlySpan<byte> mdcHeader = [0xC0 | (byte)PacketTag.ModificationDetectionCode, 20];
        _mdc.AppendData(mdcHeader);
        Span<byte> digest = stackalloc byte[20];
        _mdc.GetHashAndReset(digest);
        Encrypt(mdcHeader);
        Encrypt(digest);
        if (_carryLength > 0)
        {
            // CFB is a stream mode: the last partial block is the keystream XOR the remaining octets.
            _carry.AsSpan(_carryLength).Clear();
            var work = _work!;
            _aes.EncryptCfb(_carry, _iv, work.AsSpan(0, BlockSize), PaddingMode.None, BlockSize * 8);
            Ciphertext(work.AsSpan(0, _carryLength));
            _carryLength = 0;
        }

        Sink.Write(BodyLength(_packetLength, stackalloc byte[5]));
        Sink.Write(_packet!, 0, _packetLength);
        _packetLength = 0;
    }

    /// <summary>Plaintext inside the SEIPD packet: covered by the MDC, then encrypted.</summary>
    void Plaintext(ReadOnlySpan<byte> data)
    {
        _mdc.AppendData(data);
        Encrypt(data);
    }

    /// <summary>AES-256-CFB with 128-bit feedback, continued across calls: the IV of each call is the last ciphertext block.</summary>
    void Encrypt(ReadOnlySpan<byte> data)
    {
        var work = _work!;
        if (_carryLength > 0)
        {
            var take = Math.Min(BlockSize - _carryLength, data.Length);
            data[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            data = data[take..];
            if (_carryLength < BlockSize)
            {
                return;
            }

            EncryptBlocks(_carry, work);
            _carryLength = 0;
        }

        while (data.Length >= BlockSize)
        {
            var blocks = Math.Min(data.Length, work.Length) & ~(BlockSize - 1);
            EncryptBlocks(data[..blocks], work);
            data = data[blocks..];
        }

        data.CopyTo(_carry);
        _carryLength = data.Length;
    }

    void EncryptBlocks(ReadOnlySpan<byte> blocks, byte[] work)
    {
        var written = _aes.EncryptCfb(blocks, _iv, work, PaddingMode.None, BlockSize * 8);
        work.AsSpan(written - BlockSize, BlockSize).CopyTo(_iv);
        Ciphertext(work.AsSpan(0, written));
    }

    /// <summary>Body octets of the SEIPD packet, framed into 64 KiB partial chunks.</summary>
    void Ciphertext(ReadOnlySpan<byte> data)
    {
        var packet = _packet!;
        while (!data.IsEmpty)
        {
            if (_packetLength == ChunkSize)
            {
                Sink.WriteByte(PartialChunkOctet);
                Sink.Write(packet, 0, ChunkSize);
                _packetLength = 0;
            }

            var take = Math.Min(data.Length, ChunkSize - _packetLength);
            data[..take].CopyTo(packet.AsSpan(_packetLength));
            _packetLength += take;
            data = data[take..];
        }
    }

    /// <summary>A definite new-format body length (RFC 4880 section 4.2.2).</summary>
    static ReadOnlySpan<byte> BodyLength(int length, Span<byte> buffer)
    {
        if (length < 192)
        {
            buffer[0] = (byte)length;
            return buffer[..1];
        }

        if (length < 8384)
        {
            buffer[0] = (byte)(((length - 192) >> 8) + 192);
            buffer[1] = (byte)(length - 192);
            return buffer[..2];
        }

        buffer[0] = 0xFF;
        BinaryPrimitives.WriteInt32BigEndian(buffer[1..], length);
        return buffer[..5];
    }
}
