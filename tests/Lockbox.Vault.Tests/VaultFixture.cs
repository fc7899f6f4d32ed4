// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Sending;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lockbox.Vault.Tests;

/// <summary>Vault over a real SQLite store and blob directory in a temp directory.</summary>
public sealed class VaultFixture : IAsyncDisposable
{
    readonly ServiceProvider _services;
    readonly bool _ownsDirectory;

    VaultFixture(string directory, ServiceProvider services, bool ownsDirectory)
    {
        Directory = directory;
        _services = services;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public static async Task<VaultFixture> CreateAsync(
        TimeSpan? gracePeriod = null, Action<VaultOptions>? configure = null, Action<Policy.EncryptionOptions>? encryption = null,
        string escrowMode = "off", string? reopen = null, Action<SmtpOptions>? smtp = null, Action<StoreOptions>? store = null)
    {
        // reopen: a directory the caller owns (and deletes), for a second fixture over the same data, as a restarted process sees it.
        var directory = reopen ?? System.IO.Directory.CreateTempSubdirectory("lockbox-vault-").FullName;
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.Configure<VaultOptions>(o =>
        {
            o.SessionGracePeriod = gracePeriod ?? TimeSpan.Zero;
            configure?.Invoke(o);
        });
        services.Configure<Policy.EncryptionOptions>(o => encryption?.Invoke(o));
        services.Configure<Policy.EscrowOptions>(o => o.Mode = escrowMode);
        services.Configure<SmtpOptions>(o => smtp?.Invoke(o));
        services.Configure<StoreOptions>(o => store?.Invoke(o));
        services.AddLockboxVault(Path.Combine(directory, "data"));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
        return new VaultFixture(directory, provider, reopen is null);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Flips one bit in the middle of a stored blob, wherever it is stored (a file, or inline in the database).</summary>
    public async Task TamperWithBlobAsync(string blobId)
    {
        var file = System.IO.Directory.GetFiles(Directory, blobId, SearchOption.AllDirectories).SingleOrDefault();
        if (file is not null)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 0x40;
            await File.WriteAllBytesAsync(file, bytes);
            return;
        }

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Directory, "data", "lockbox.db")};Pooling=False");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT content FROM inline_blobs WHERE blob_id = $b;";
        read.Parameters.AddWithValue("$b", blobId);
        var content = (byte[])(await read.ExecuteScalarAsync() ?? throw new InvalidOperationException($"no blob {blobId}"));
        content[content.Length / 2] ^= 0x40;
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE inline_blobs SET content = $c WHERE blob_id = $b;";
        write.Parameters.AddWithValue("$b", blobId);
        write.Parameters.AddWithValue("$c", content);
        await write.ExecuteNonQueryAsync();
    }

    /// <summary>Every stored blob's ID: the files, and those stored inline in the database (docs/decisions/0036).</summary>
    public async Task<IReadOnlySet<string>> BlobIdsAsync()
    {
        var ids = Get<FileBlobStore>().ListBlobIds().ToHashSet(StringComparer.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(Directory, "data", "lockbox.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob_id FROM inline_blobs;";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
