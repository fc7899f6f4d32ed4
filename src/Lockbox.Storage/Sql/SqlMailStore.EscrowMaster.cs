// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Sql;

/// <summary>The escrow master public key, one row for every node (schema v14, docs/decisions/0039).</summary>
public abstract partial class SqlMailStore
{
    public Task<EscrowMasterRecord?> GetEscrowMasterAsync(CancellationToken cancellationToken) =>
        ReadAsync("read the escrow master key", async connection =>
        {
            await using var command = Command(connection, "SELECT fingerprint, public_key, installed_utc FROM escrow_master WHERE id = 1;");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new EscrowMasterRecord(reader.GetString(0), reader.GetString(1), FromUnixSeconds(reader.GetInt64(2)))
                : null;
        }, cancellationToken);

    public Task PutEscrowMasterAsync(EscrowMasterRecord master, AuditEntry audit, CancellationToken cancellationToken) =>
        WriteAsync("install the escrow master key", async (connection, transaction) =>
        {
            await using var upsert = Command(connection, """
                INSERT INTO escrow_master (id, fingerprint, public_key, installed_utc) VALUES (1, @fingerprint, @key, @installed)
                ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, public_key = excluded.public_key, installed_utc = excluded.installed_utc;
                """, transaction);
            upsert.Add("@fingerprint", master.Fingerprint);
            upsert.Add("@key", master.ArmoredKey);
            upsert.Add("@installed", UnixSeconds(master.InstalledUtc));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
            await AppendAuditAsync(connection, transaction, audit.Address, audit.Event, audit.Detail, cancellationToken);
            return true;
        }, cancellationToken);
}
