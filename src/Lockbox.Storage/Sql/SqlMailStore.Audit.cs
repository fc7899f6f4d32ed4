// SPDX-License-Identifier: MIT
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>The audit log (schema v7).</summary>
public abstract partial class SqlMailStore
{
    public Task<AuditRecord> AppendAuditAsync(string address, string eventName, string detail, CancellationToken cancellationToken) =>
        WriteAsync("append to the audit log", (connection, transaction) => AppendAuditAsync(connection, transaction, address, eventName, detail, cancellationToken),
            cancellationToken);

    /// <summary>Appends an entry inside <paramref name="transaction"/>, so a change and its audit entry commit together.</summary>
    static async Task<AuditRecord> AppendAuditAsync(
        DbConnection connection, DbTransaction transaction, string address, string eventName, string detail, CancellationToken cancellationToken)
    {
        // Read the head inside the write transaction: two appends never chain to the same entry.
        await using var head = Command(connection, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;", transaction);
        var (sequence, previous) = (1L, AuditChain.Genesis);
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (sequence, previous) = (reader.GetInt64(0) + 1, (byte[])reader[1]);
            }
        }

        var time = FromUnixSeconds(UnixSeconds(DateTime.UtcNow));
        var record = new AuditRecord(sequence, time, address, eventName, detail, previous,
            AuditChain.Hash(previous, sequence, time, address, eventName, detail));
        await using var insert = Command(connection, """
            INSERT INTO audit_log (seq, time_utc, address, event, detail, previous_hash, hash)
            VALUES (@seq, @time, @address, @event, @detail, @previous, @hash);
            """, transaction);
        insert.Add("@seq", record.Sequence);
        insert.Add("@time", UnixSeconds(record.TimeUtc));
        insert.Add("@address", record.Address);
        insert.Add("@event", record.Event);
        insert.Add("@detail", record.Detail);
        insert.Add("@previous", record.PreviousHash);
        insert.Add("@hash", record.Hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return record;
    }

    public Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string? address, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<AuditRecord>>("read the audit log", async connection =>
        {
            await using var command = Command(connection, """
                SELECT seq, time_utc, address, event, detail, previous_hash, hash FROM audit_log
                WHERE @address IS NULL OR address = @address ORDER BY seq;
                """);
            command.Add("@address", address);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var records = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new AuditRecord(reader.GetInt64(0), FromUnixSeconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), (byte[])reader[5], (byte[])reader[6]));
            }

            return records;
        }, cancellationToken);
}
