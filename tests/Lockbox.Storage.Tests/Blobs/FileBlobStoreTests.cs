// SPDX-License-Identifier: MIT
using Lockbox.Storage.Blobs;

namespace Lockbox.Storage.Tests.Blobs;

public sealed class FileBlobStoreTests : IDisposable
{
    readonly TempDirectory _directory = new();
    readonly FileBlobStore _store;

    public FileBlobStoreTests()
    {
        _store = new FileBlobStore(Path.Combine(_directory.Path, "blobs"));
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Committed_blob_reads_back_and_is_private_to_the_owner()
    {
        string id;
        await using (var pending = _store.Create())
        {
            await pending.Content.WriteAsync("hello"u8.ToArray(), Ct);
            Assert.Empty(_store.ListBlobIds());
            Assert.Equal(new StoredBlob(pending.Id, 5, null), await pending.CommitAsync(Ct));
            id = pending.Id;
        }

        await using var read = _store.OpenRead(id);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        Assert.Equal("hello"u8.ToArray(), copy.ToArray());
        Assert.Equal([id], _store.ListBlobIds());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Directory.GetFiles(Path.Combine(_directory.Path, "blobs", id[..2]))[0]));
    }

    [Fact]
    public async Task Blob_written_in_small_chunks_past_the_buffer_commits_every_byte()
    {
        var bytes = RandomBytes(300_001, seed: 5);
        string id;
        await using (var pending = _store.Create())
        {
            for (var i = 0; i < bytes.Length; i += 4093)
            {
                await pending.Content.WriteAsync(bytes.AsMemory(i, Math.Min(4093, bytes.Length - i)), Ct);
            }

            Assert.Equal(bytes.Length, (await pending.CommitAsync(Ct)).Size);
            id = pending.Id;
        }

        await using var read = _store.OpenRead(id);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Uncommitted_blob_disappears_without_a_trace()
    {
        await using (var pending = _store.Create())
        {
            await pending.Content.WriteAsync(new byte[1000], Ct);
        }

        Assert.Empty(_store.ListBlobIds());
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "blobs", "tmp")));
    }

    [Fact]
    public async Task Startup_cleanup_removes_temp_files_left_by_a_crash()
    {
        // What a process killed mid-write leaves: a temp file nobody holds open.
        var temp = Path.Combine(_directory.Path, "blobs", "tmp");
        await File.WriteAllBytesAsync(Path.Combine(temp, new string('b', 32)), new byte[10], Ct);

        Assert.Equal(1, await _store.RemoveTemporaryFiles(Ct));
        Assert.Empty(Directory.GetFiles(temp));
    }

    [Fact]
    public async Task Deleted_blob_is_gone()
    {
        await using var pending = _store.Create();
        await pending.Content.WriteAsync(new byte[10], Ct);
        await pending.CommitAsync(Ct);

        await _store.DeleteAsync(pending.Id, Ct);

        Assert.Empty(_store.ListBlobIds());
        Assert.Throws<FileNotFoundException>(() => _store.OpenRead(pending.Id));
    }

    [Fact]
    public async Task A_blob_within_the_inline_limit_is_handed_back_and_never_touches_the_disk()
    {
        var bytes = RandomBytes(1000, seed: 7);
        await using var pending = _store.Create(inlineLimit: 1000);
        await pending.Content.WriteAsync(bytes.AsMemory(0, 600), Ct);
        await pending.Content.WriteAsync(bytes.AsMemory(600), Ct);

        var stored = await pending.CommitAsync(Ct);

        Assert.Equal(bytes, stored.Inline);
        Assert.Equal(1000, stored.Size);
        Assert.Empty(_store.ListBlobIds());
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "blobs", "tmp")));
    }

    [Fact]
    public async Task A_blob_that_outgrows_the_inline_limit_becomes_a_file_with_every_byte()
    {
        var bytes = RandomBytes(1001, seed: 8);
        await using var pending = _store.Create(inlineLimit: 1000);
        await pending.Content.WriteAsync(bytes.AsMemory(0, 999), Ct);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "blobs", "tmp")));
        await pending.Content.WriteAsync(bytes.AsMemory(999), Ct);

        var stored = await pending.CommitAsync(Ct);

        Assert.Null(stored.Inline);
        Assert.Equal([pending.Id], _store.ListBlobIds());
        await using var read = _store.OpenRead(pending.Id);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        Assert.Equal(bytes, copy.ToArray());
    }

    static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("zz0000000000000000000000000000zz")]
    public void Malformed_blob_ids_are_refused(string id)
    {
        Assert.Throws<ArgumentException>(() => _store.OpenRead(id));
    }
}
