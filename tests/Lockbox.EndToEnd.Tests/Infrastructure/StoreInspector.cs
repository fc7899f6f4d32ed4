// SPDX-License-Identifier: MIT
using Microsoft.Data.Sqlite;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Looks at a data directory from outside, the way an auditor would: lockbox.db opened directly with
/// SQLite, blob files listed from the file system. Use it while no lockbox process writes.
/// </summary>
internal sealed class StoreInspector
{
    readonly string _dataDirectory;

    public StoreInspector(string dataDirectory)
    {
        _dataDirectory = dataDirectory;
    }

    public string DatabasePath => Path.Combine(_dataDirectory, "lockbox.db");

    string BlobRoot => Path.Combine(_dataDirectory, "blobs");

    /// <summary>Files in blobs/tmp (half-written blobs).</summary>
    public IReadOnlyList<string> TempFiles() =>
        Directory.Exists(Path.Combine(BlobRoot, "tmp")) ? Directory.GetFiles(Path.Combine(BlobRoot, "tmp")) : [];

    /// <summary>
    /// Every stored blob's ID: committed files (blobs/ab/abcd...) and blobs stored in the database with their first row
    /// (docs/decisions/0036).
    /// </summary>
    public IReadOnlySet<string> StoredBlobs()
    {
        var blobs = BlobFiles().ToHashSet(StringComparer.Ordinal);
        blobs.UnionWith(Query("SELECT blob_id FROM inline_blobs", r => r.GetString(0)));
        return blobs;
    }

    /// <summary>Every committed blob file's ID (blobs/ab/abcd...), without opening the database.</summary>
    public IReadOnlySet<string> BlobFiles() =>
        Directory.Exists(BlobRoot)
            ? Directory.EnumerateDirectories(BlobRoot).Where(d => Path.GetFileName(d) != "tmp")
                .SelectMany(Directory.EnumerateFiles).Select(f => Path.GetFileName(f)).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();

    /// <summary>A stored blob's bytes, from the database or its file.</summary>
    public byte[] ReadBlob(string blobId) =>
        Query("SELECT content FROM inline_blobs WHERE blob_id = $b", r => (byte[])r.GetValue(0), ("$b", blobId)) is [var inline]
            ? inline
            : File.ReadAllBytes(Path.Combine(BlobRoot, blobId[..2], blobId));

    /// <summary>A stored blob's bytes written to a file in <paramref name="directory"/>, for tools that read files (gpg).</summary>
    public string BlobAsFile(string blobId, string directory)
    {
        var path = Path.Combine(directory, blobId + ".pgp");
        File.WriteAllBytes(path, ReadBlob(blobId));
        return path;
    }

    /// <summary>Every message row as (owner address, blob ID).</summary>
    public IReadOnlyList<(string Address, string BlobId)> MessageRows() =>
        Query("""
            SELECT u.address, m.blob_id FROM messages m
            JOIN mailboxes b ON b.id = m.mailbox_id JOIN users u ON u.id = b.user_id
            """, r => (r.GetString(0), r.GetString(1)));

    /// <summary>How many rows of <paramref name="table"/> belong to the user with this address (0 once deleted).</summary>
    public long RowsOf(string address, string table)
    {
        var sql = table switch
        {
            "users" => "SELECT count(*) FROM users WHERE address = $a COLLATE NOCASE",
            "user_keys" or "mailboxes" => $"SELECT count(*) FROM {table} t JOIN users u ON u.id = t.user_id WHERE u.address = $a COLLATE NOCASE",
            "messages" => "SELECT count(*) FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id JOIN users u ON u.id = b.user_id WHERE u.address = $a COLLATE NOCASE",
            _ => throw new ArgumentException("unknown table", nameof(table)),
        };
        return Query(sql, r => r.GetInt64(0), ("$a", address))[0];
    }

    /// <summary>Rows of a table in total, whoever owns them (finds rows orphaned from their user).</summary>
    public long CountRows(string table) =>
        table is "users" or "user_keys" or "mailboxes" or "messages"
            ? Query($"SELECT count(*) FROM {table}", r => r.GetInt64(0))[0]
            : throw new ArgumentException("unknown table", nameof(table));

    /// <summary>The user's message rows as (mailbox name, UID, blob ID, whether marked encrypted), by mailbox and UID.</summary>
    public IReadOnlyList<(string Mailbox, long Uid, string BlobId, bool IsEncrypted)> MessagesOf(string address) =>
        Query("""
            SELECT b.name, m.uid, m.blob_id, m.is_encrypted FROM messages m
            JOIN mailboxes b ON b.id = m.mailbox_id JOIN users u ON u.id = b.user_id
            WHERE u.address = $a COLLATE NOCASE ORDER BY b.name, m.uid
            """, r => (r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3) == 1), ("$a", address));

    /// <summary>The escrow master key the store holds for every node, as (fingerprint, armored key); empty when none is installed.</summary>
    public IReadOnlyList<(string Fingerprint, string ArmoredKey)> EscrowMaster() =>
        Query("SELECT fingerprint, public_key FROM escrow_master", r => (r.GetString(0), r.GetString(1)));

    /// <summary>The user's stored (protected) secret keys, in key order.</summary>
    public IReadOnlyList<byte[]> ProtectedSecretKeys(string address) =>
        Query("SELECT k.protected_secret_key FROM user_keys k JOIN users u ON u.id = k.user_id WHERE u.address = $a COLLATE NOCASE ORDER BY k.id",
            r => (byte[])r.GetValue(0), ("$a", address));

    /// <summary>Damages the user's stored public keys (the fail-closed case: the key cannot be parsed).</summary>
    public void CorruptPublicKeys(string address) => DamagePublicKeys(address, _ => [0x99, 0x00, 0x0d, 0x04, 0xde, 0xad, 0xbe, 0xef]);

    /// <summary>Replaces each stored public key of the user with <c>damage(old)</c>.</summary>
    public void DamagePublicKeys(string address, Func<byte[], byte[]> damage)
    {
        var keys = Query("SELECT k.id, k.public_key FROM user_keys k JOIN users u ON u.id = k.user_id WHERE u.address = $a COLLATE NOCASE",
            r => (Id: r.GetInt64(0), Key: (byte[])r.GetValue(1)), ("$a", address));
        if (keys.Count == 0)
        {
            throw new InvalidOperationException($"{address} has no key to damage");
        }

        using var connection = Open(SqliteOpenMode.ReadWrite);
        foreach (var (id, key) in keys)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE user_keys SET public_key = $key WHERE id = $id";
            command.Parameters.AddWithValue("$key", damage(key));
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Tampering as someone with write access to the database file would: one SQL statement, no hashes redone.</summary>
    public void Tamper(string sql)
    {
        using var connection = Open(SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        using var connection = Open(SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    SqliteConnection Open(SqliteOpenMode mode)
    {
        // No pooling: a pooled handle would keep the database (and its WAL) open after the test looked.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
