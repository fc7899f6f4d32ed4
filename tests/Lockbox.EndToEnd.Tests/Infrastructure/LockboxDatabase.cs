// SPDX-License-Identifier: MIT
using Microsoft.Data.Sqlite;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Direct access to a data directory's lockbox.db and blob tree, for what no verb shows: row counts,
/// and deliberate damage. Pooling is off so no handle outlives a call.
/// </summary>
internal sealed class LockboxDatabase
{
    readonly string _dataDirectory;

    public LockboxDatabase(string dataDirectory)
    {
        _dataDirectory = dataDirectory;
    }

    string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(_dataDirectory, "lockbox.db"),
        Pooling = false,
    }.ToString();

    /// <summary>Rows in the messages table, over all users.</summary>
    public async Task<long> CountMessagesAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM messages";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Replaces the stored public key of <paramref name="address"/>'s active key with <c>damage(old)</c>.</summary>
    public async Task DamageActivePublicKeyAsync(string address, Func<byte[], byte[]> damage)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT k.id, k.public_key FROM user_keys k JOIN users u ON u.id = k.user_id
            WHERE u.address = $address AND k.is_active = 1
            """;
        select.Parameters.AddWithValue("$address", address);
        long id;
        byte[] publicKey;
        await using (var reader = await select.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException($"{address} has no active key");
            }

            id = reader.GetInt64(0);
            publicKey = (byte[])reader.GetValue(1);
        }

        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE user_keys SET public_key = $key WHERE id = $id";
        update.Parameters.AddWithValue("$key", damage(publicKey));
        update.Parameters.AddWithValue("$id", id);
        if (await update.ExecuteNonQueryAsync() != 1)
        {
            throw new InvalidOperationException("the key row was not updated");
        }
    }

    /// <summary>Committed blob files (blobs/xx/ID).</summary>
    public IReadOnlyList<string> BlobFiles() =>
        [.. Directory.EnumerateDirectories(Path.Combine(_dataDirectory, "blobs"))
            .Where(d => Path.GetFileName(d) != "tmp")
            .SelectMany(Directory.EnumerateFiles)];

    /// <summary>Blobs being written (blobs/tmp/ID).</summary>
    public IReadOnlyList<string> TemporaryFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(_dataDirectory, "blobs", "tmp"))];
}
