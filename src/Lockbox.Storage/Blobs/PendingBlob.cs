// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Blobs;

/// <summary>A blob being written. Not visible to readers until <see cref="CommitAsync"/> returns.</summary>
public sealed class PendingBlob : IAsyncDisposable
{
    readonly FileBlobStore _store;
    readonly string _tempPath;
    readonly FileStream _stream;
    readonly BufferedStream _buffer;
    bool _committed;

    internal PendingBlob(FileBlobStore store, string id, string tempPath, FileStream stream, int bufferSize)
    {
        _store = store;
        Id = id;
        _tempPath = tempPath;
        _stream = stream;
        _buffer = new BufferedStream(stream, bufferSize);
        Content = new BlobWriteStream(_buffer);
    }

    /// <summary>The ID the blob will have once committed.</summary>
    public string Id { get; }

    /// <summary>Where to write the blob's bytes (ciphertext for an encrypted user). Do not dispose it.</summary>
    public Stream Content { get; }

    /// <summary>Makes the blob durable and visible: fsync, rename, fsync of the directory. Returns its size.</summary>
    public async Task<long> CommitAsync(CancellationToken cancellationToken)
    {
        _buffer.Flush();
        var size = _stream.Length;
        await _store.CommitAsync(Id, _tempPath, _stream, cancellationToken);
        _committed = true;
        return size;
    }

    /// <summary>
    /// Discards the blob unless it was committed. What is still buffered is dropped, never written: on a full disk
    /// (ENOSPC) writing it would fail again, and the temp file must go all the same.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_committed)
        {
            return;
        }

        await _stream.DisposeAsync();
        File.Delete(_tempPath);
    }
}
