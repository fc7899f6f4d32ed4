// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>
/// Blobs stored in the database with the row that first references them (docs/decisions/0036). One goes in the transaction
/// that removes the last row referencing it (expunge, move, mailbox or user deletion, a blob swap), so none is ever orphaned.
/// </summary>
public abstract partial class SqlMailStore
{
    public Task<byte[]?> ReadInlineBlobAsync(string blobId, CancellationToken cancellationToken) =>
        ReadAsync("read a blob", async connection =>
        {
            await using var command = Command(connection, "SELECT content FROM inline_blobs WHERE blob_id = @blob;");
            command.Add("@blob", blobId);
            return await command.ExecuteScalarAsync(cancellationToken) as byte[];
        }, cancellationToken);

    /// <summary>Deletes the stored content of <paramref name="orphans"/>, blobs no row references any more in this transaction.</summary>
    private protected static async Task DeleteInlineBlobsAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<string> orphans, CancellationToken cancellationToken)
    {
        await using var delete = Command(connection, "DELETE FROM inline_blobs WHERE blob_id = @blob;", transaction);
        delete.Add("@blob", DbType.String);
        foreach (var blobId in orphans)
        {
            delete.Parameters["@blob"].Value = blobId;
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
