// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Blobs;

/// <summary>
/// The write side of a pending blob: its bytes go to <see cref="PendingBlob"/>'s memory, or once they outgrow it, to a
/// 64 KiB buffer in front of the unbuffered temp file, written with synchronous calls even from
/// <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// WHY: .NET has no asynchronous file I/O on Linux; a FileStream "async" write is queued to the
/// thread pool, one hop per 4 KiB buffer flush. Measured on the LMTP benchmark (docs/benchmarks.md),
/// those hops and the pool's spinning around them cost more CPU than the write itself, which only
/// copies into the page cache. The slow part, fsync, happens once, at commit. Disposing this
/// stream leaves the file open: <see cref="PendingBlob"/> owns it.
/// </remarks>
internal sealed class BlobWriteStream(PendingBlob blob) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => blob.Length;

    public override long Position
    {
        get => blob.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => blob.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => blob.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        blob.Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        blob.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => blob.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        blob.Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
