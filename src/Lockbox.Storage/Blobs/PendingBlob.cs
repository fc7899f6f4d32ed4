// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Security.Cryptography;

namespace Lockbox.Storage.Blobs;

/// <summary>
/// A blob being written. The first bytes collect in memory; the temp file is created only when they outgrow the inline
/// limit, so a small blob costs no file, no inode and no fsync of its own: it is stored with its row instead
/// (docs/decisions/0036). Not visible to readers until committed.
/// </summary>
public sealed class PendingBlob : IAsyncDisposable
{
    readonly FileBlobStore _store;
    // Rented, not allocated: a fresh 64 KiB array per delivery was zeroed by the allocator and twice more by this class.
    // Only the bytes written are zeroed before it goes back (they may be a cleartext user's message).
    byte[]? _head;
    readonly int _inlineLimit;
    readonly int _bufferSize;
    int _headLength;
    string? _tempPath;
    FileStream? _file;
    BufferedStream? _buffer;
    bool _committed;

    internal PendingBlob(FileBlobStore store, string id, int inlineLimit, int bufferSize)
    {
        _store = store;
        Id = id;
        _inlineLimit = inlineLimit;
        _bufferSize = bufferSize;
        if (inlineLimit == 0)
        {
            Spill();
        }
        else
        {
            _head = ArrayPool<byte>.Shared.Rent(inlineLimit);
        }

        Content = new BlobWriteStream(this);
    }

    /// <summary>The ID the blob will have once committed.</summary>
    public string Id { get; }

    /// <summary>Where to write the blob's bytes (ciphertext for an encrypted user). Do not dispose it.</summary>
    public Stream Content { get; }

    /// <summary>True while the blob is all in memory: committing it now would write no file.</summary>
    public bool InMemory => _buffer is null;

    /// <summary>How many bytes were written so far.</summary>
    internal long Length => _buffer is null ? _headLength : _buffer.Length;

    internal void Write(ReadOnlySpan<byte> data)
    {
        if (_buffer is null)
        {
            if (_headLength + data.Length <= _inlineLimit)
            {
                data.CopyTo(_head!.AsSpan(_headLength));
                _headLength += data.Length;
                return;
            }

            Spill();
        }

        _buffer!.Write(data);
    }

    internal void Flush() => _buffer?.Flush();

    /// <summary>
    /// Commits the blob. A blob still in memory is handed back as <see cref="StoredBlob.Inline"/> for the caller to store with
    /// its row; a file is made durable and visible first (fsync, rename, fsync of the directory).
    /// </summary>
    public async Task<StoredBlob> CommitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_buffer is null)
        {
            var content = _head!.AsSpan(0, _headLength).ToArray();
            ReturnHead();
            _committed = true;
            return new StoredBlob(Id, content.Length, content);
        }

        _buffer.Flush();
        var size = _file!.Length;
        await _store.CommitAsync(Id, _tempPath!, _file, cancellationToken);
        _committed = true;
        return new StoredBlob(Id, size, null);
    }

    /// <summary>
    /// Discards the blob unless it was committed. What is still buffered is dropped, never written: on a full disk
    /// (ENOSPC) writing it would fail again, and the temp file must go all the same.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        ReturnHead();
        if (_committed || _file is null)
        {
            return;
        }

        await _file.DisposeAsync();
        File.Delete(_tempPath!);
    }

    // The bytes outgrew the inline limit (or there is none): from here on they go to a temp file, behind a write buffer.
    void Spill()
    {
        (_tempPath, _file) = _store.CreateTempFile(Id);
        _buffer = new BufferedStream(_file, _bufferSize);
        if (_headLength > 0)
        {
            _buffer.Write(_head!, 0, _headLength);
        }

        ReturnHead();
    }

    /// <summary>Zeroes the bytes written to the head and gives the array back to the pool (once).</summary>
    void ReturnHead()
    {
        if (_head is not { } head)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(head.AsSpan(0, _headLength));
        _head = null;
        ArrayPool<byte>.Shared.Return(head);
    }
}
