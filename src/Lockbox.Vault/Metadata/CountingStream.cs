// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Metadata;

/// <summary>A forward-only read-through stream that counts the bytes and line ends read.</summary>
internal sealed class CountingStream(Stream inner) : ForwardReadStream
{
    byte _last = (byte)'\n';

    public long BytesRead { get; private set; }

    /// <summary>Lines read, a last line without line end included (RFC 3501 body-fld-lines).</summary>
    public int Lines => LineFeeds + (_last == (byte)'\n' ? 0 : 1);

    int LineFeeds { get; set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Count(buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count(buffer.Span[..read]);
        return read;
    }

    void Count(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        BytesRead += bytes.Length;
        LineFeeds += bytes.Count((byte)'\n');
        _last = bytes[^1];
    }
}
