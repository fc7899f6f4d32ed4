// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Security.Cryptography;

namespace Lockbox.Storage.Blobs;

/// <summary>
/// Message blobs as files under the data directory: <c>blobs/ab/abcdef...</c>, written to
/// <c>blobs/tmp/</c> first. A blob becomes visible only by an atomic rename after its bytes were
/// fsynced, and the rename is made durable by fsyncing the directory, so a crash leaves either
/// nothing or the whole blob (plus, at worst, a temp file that <see cref="RemoveTemporaryFiles(CancellationToken)"/> clears).
/// A small blob may never become a file at all: it is stored with its row (<see cref="Create"/>, docs/decisions/0036).
/// </summary>
public sealed class FileBlobStore
{
    const int IdBytes = 16;

    /// <summary>A file blob reaches the file in writes of this size.</summary>
    const int WriteBufferSize = 1 << 16;
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    readonly string _root;
    readonly string _temp;

    public FileBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _temp = Path.Combine(_root, "tmp");
        // Owner only, like the data directory: with Store:BlobDirectory outside it, nothing else guards the ciphertext (lockbox doctor checks it).
        // The mode applies only to the last directory CreateDirectory makes, so the root first.
        Directory.CreateDirectory(_root, OwnerOnly);
        Directory.CreateDirectory(_temp, OwnerOnly);
    }

    /// <summary>
    /// Starts a new blob. Write to <see cref="PendingBlob.Content"/>, then commit; disposing without commit discards it.
    /// With <paramref name="inlineLimit"/> above zero, a blob of at most that many bytes never becomes a file: its commit
    /// hands the bytes back for the caller to store with its row (docs/decisions/0036). Callers that cannot do that pass 0.
    /// </summary>
    public PendingBlob Create(int inlineLimit = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inlineLimit);
        return new PendingBlob(this, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes)), inlineLimit, WriteBufferSize);
    }

    internal (string Path, FileStream Stream) CreateTempFile(string id)
    {
        var tempPath = Path.Combine(_temp, id);
        var stream = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            // Unbuffered: PendingBlob buffers in front of it, so a discarded blob's last bytes can be dropped instead of
            // written (on a full disk, FileStream's own buffer would be flushed by Dispose, fail again, and keep the file).
            BufferSize = 0,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        return (tempPath, stream);
    }

    /// <summary>Opens a committed blob for reading. The caller owns the stream.</summary>
    /// <exception cref="FileNotFoundException">No such blob.</exception>
    public Stream OpenRead(string blobId) =>
        new FileStream(PathOf(blobId), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);

    /// <summary>Whether a committed blob is on disk.</summary>
    public bool Exists(string blobId) => File.Exists(PathOf(blobId));

    /// <summary>When a committed blob was written (a rename keeps the time of its write).</summary>
    public DateTime WrittenUtc(string blobId) => File.GetLastWriteTimeUtc(PathOf(blobId));

    /// <summary>
    /// Overwrites the blob with zeros, then unlinks it. The overwrite is a best effort: journaling
    /// filesystems and SSDs may keep old blocks (docs/threat-model.md), hence the advice of full-disk encryption.
    /// </summary>
    public async Task DeleteAsync(string blobId, CancellationToken cancellationToken)
    {
        var path = PathOf(blobId);
        if (!File.Exists(path))
        {
            return;
        }

        await OverwriteAsync(path, cancellationToken);
        File.Delete(path);
    }

    /// <summary>
    /// Unlinks a blob without overwriting it: for ciphertext, whose old blocks reveal nothing without the
    /// key (DESIGN.md section 3). Cleartext goes through <see cref="DeleteAsync"/>.
    /// </summary>
    public void Unlink(string blobId) => File.Delete(PathOf(blobId));

    /// <summary>The names of the directories blobs are spread over, in order: an ID's first two hex digits, 00 to ff.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = [.. Enumerable.Range(0, 256).Select(i => i.ToString("x2", CultureInfo.InvariantCulture))];

    /// <summary>Every committed blob ID.</summary>
    public IEnumerable<string> ListBlobIds() => Prefixes.SelectMany(ListBlobIds);

    /// <summary>The committed blob IDs in one of <see cref="Prefixes"/>' directories, for the startup check against the index.</summary>
    public IEnumerable<string> ListBlobIds(string prefix)
    {
        var directory = Path.Combine(_root, prefix);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>() : [];
    }

    /// <summary>Removes temp files left by a crash mid-write. Call at startup, before accepting deliveries.</summary>
    public Task<int> RemoveTemporaryFiles(CancellationToken cancellationToken) => RemoveTemporaryFiles(TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// Removes temp files not written to for <paramref name="minimumAge"/>: with a blob directory shared by several nodes,
    /// a younger one may be another node's delivery in progress (docs/decisions/0029).
    /// </summary>
    public async Task<int> RemoveTemporaryFiles(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var removed = 0;
        var cutoff = DateTime.UtcNow - minimumAge;
        foreach (var file in new DirectoryInfo(_temp).EnumerateFiles())
        {
            if (minimumAge > TimeSpan.Zero && file.LastWriteTimeUtc >= cutoff)
            {
                continue;
            }

            try
            {
                await OverwriteAsync(file.FullName, cancellationToken);
            }
            catch (FileNotFoundException) when (minimumAge > TimeSpan.Zero)
            {
                // Shared with other nodes: the delivery that wrote it has renamed or discarded it since the listing.
                continue;
            }

            file.Delete();
            removed++;
        }

        return removed;
    }

    internal async Task CommitAsync(string id, string tempPath, FileStream stream, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        stream.Flush(flushToDisk: true);
        await stream.DisposeAsync();

        var finalPath = PathOf(id);
        var directory = Path.GetDirectoryName(finalPath)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnly);
            DirectorySync.Flush(_root);
        }

        File.Move(tempPath, finalPath);
        DirectorySync.Flush(directory);
    }

    string PathOf(string blobId)
    {
        if (blobId.Length != IdBytes * 2 || !blobId.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("not a blob ID", nameof(blobId));
        }

        return Path.Combine(_root, blobId[..2], blobId);
    }

    static async Task OverwriteAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var zeros = new byte[1 << 16];
        for (long left = stream.Length; left > 0; left -= zeros.Length)
        {
            await stream.WriteAsync(zeros.AsMemory(0, (int)Math.Min(zeros.Length, left)), cancellationToken);
        }

        stream.Flush(flushToDisk: true);
    }
}
