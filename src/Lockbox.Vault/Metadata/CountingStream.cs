// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Metadata;

/// <summary>A forward-only read-through stream that counts the bytes read.</summary>
internal sealed class CountingStream(Stream inner) : ForwardReadStream
{
    public long BytesRead { get; private set; }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        BytesRead += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        BytesRead += read;
        return read;
    }
}
