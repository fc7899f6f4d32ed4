// SPDX-License-Identifier: MIT
using System.Buffers.Text;
using System.Text;

namespace Lockbox.Vault.ZeroAccess;

/// <summary>
/// A binary OpenPGP message read as its ASCII armor (RFC 4880 section 6.2), produced on the fly: the
/// "BEGIN PGP MESSAGE" line, no armor headers, base64 in lines of 64 characters, the CRC-24 checksum line
/// and the "END PGP MESSAGE" line, every line ending in CRLF (the form a MIME part needs). Forward only and
/// asynchronous; the length is known beforehand (<see cref="ArmoredLength"/>), so a caller can announce it without
/// reading the message twice. Disposing it disposes the binary stream. Pure computation over streams: no key is
/// involved, so it lives with the served form rather than in Lockbox.Crypto.
/// </summary>
internal sealed class ArmoredMessageStream : ForwardReadStream
{
    // 48 binary bytes are one 64-character line (RFC 4880 section 6.3: lines of at most 76 characters; gpg writes 64).
    const int LineBytes = 48;
    const int LineChars = 64;
    const int LinesPerChunk = 256;
    const int CrcInit = 0xB704CE;
    const int CrcPolynomial = 0x1864CFB;
    static readonly byte[] Header = Encoding.ASCII.GetBytes("-----BEGIN PGP MESSAGE-----\r\n\r\n");
    static readonly byte[] Footer = Encoding.ASCII.GetBytes("-----END PGP MESSAGE-----\r\n");

    readonly Stream _binary;
    readonly byte[] _raw = new byte[LineBytes * LinesPerChunk];
    readonly byte[] _text = new byte[(LineChars + 2) * LinesPerChunk];
    ReadOnlyMemory<byte> _pending = Header;
    int _crc = CrcInit;
    bool _finished;

    /// <summary>Armors <paramref name="binary"/>, read from its current position to its end.</summary>
    public ArmoredMessageStream(Stream binary)
    {
        _binary = binary;
    }

    /// <summary>The armored length in bytes of a binary message of <paramref name="binaryLength"/> bytes.</summary>
    public static long ArmoredLength(long binaryLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(binaryLength);
        var chars = (binaryLength + 2) / 3 * 4;
        var lines = (chars + LineChars - 1) / LineChars;
        return Header.Length + chars + 2 * lines + "=XXXX\r\n".Length + Footer.Length;
    }

    /// <summary>The number of lines (each ending in CRLF) of the armor of a binary message of <paramref name="binaryLength"/> bytes.</summary>
    public static long LineCount(long binaryLength) => ((binaryLength + 2) / 3 * 4 + LineChars - 1) / LineChars + 4;

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The armor is read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_pending.IsEmpty)
        {
            if (_finished)
            {
                return 0;
            }

            // Whole lines only, so that each chunk's base64 continues the previous one's (no padding inside).
            var read = await _binary.ReadAtLeastAsync(_raw, _raw.Length, throwOnEndOfStream: false, cancellationToken);
            _pending = Encode(read);
            if (read < _raw.Length)
            {
                _pending = Finish(_pending);
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending[..count].CopyTo(buffer);
        _pending = _pending[count..];
        return count;
    }

    ReadOnlyMemory<byte> Encode(int count)
    {
        _crc = Crc24(_crc, _raw.AsSpan(0, count));
        var written = 0;
        for (var start = 0; start < count; start += LineBytes)
        {
            var line = _raw.AsSpan(start, Math.Min(LineBytes, count - start));
            Base64.EncodeToUtf8(line, _text.AsSpan(written), out _, out var chars);
            written += chars;
            _text[written++] = (byte)'\r';
            _text[written++] = (byte)'\n';
        }

        return _text.AsMemory(0, written);
    }

    /// <summary>The last base64 lines followed by the checksum line (RFC 4880 section 6.1) and the tail line.</summary>
    ReadOnlyMemory<byte> Finish(ReadOnlyMemory<byte> lastLines)
    {
        _finished = true;
        Span<byte> crc = [(byte)(_crc >> 16), (byte)(_crc >> 8), (byte)_crc];
        Span<byte> encoded = stackalloc byte[4];
        Base64.EncodeToUtf8(crc, encoded, out _, out _);
        var tail = new byte[lastLines.Length + 7 + Footer.Length];
        lastLines.CopyTo(tail);
        tail[lastLines.Length] = (byte)'=';
        encoded.CopyTo(tail.AsSpan(lastLines.Length + 1));
        tail[lastLines.Length + 5] = (byte)'\r';
        tail[lastLines.Length + 6] = (byte)'\n';
        Footer.CopyTo(tail.AsSpan(lastLines.Length + 7));
        return tail;
    }

    static int Crc24(int crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = ((crc << 8) ^ CrcTable[((crc >> 16) ^ b) & 0xFF]) & 0xFFFFFF;
        }

        return crc;
    }

    // Byte-at-a-time form of RFC 4880 section 6.1's bitwise CRC-24.
    static readonly int[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var crc = n << 16;
        for (var i = 0; i < 8; i++)
        {
            crc <<= 1;
            if ((crc & 0x1000000) != 0)
            {
                crc ^= CrcPolynomial;
            }
        }

        return crc & 0xFFFFFF;
    })];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _binary.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _binary.DisposeAsync();
        await base.DisposeAsync();
    }
}
