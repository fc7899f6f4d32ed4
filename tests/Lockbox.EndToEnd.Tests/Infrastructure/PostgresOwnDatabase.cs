// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.Storage.Tests.Postgres;
using Npgsql;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A database of its own on the test PostgreSQL (scripts/test.sh), dropped on dispose. The several-node tests need a
/// whole database, not a schema: NOTIFY channels are per database, and the dump must hold this test's rows only. The
/// skip-or-fail rule is <see cref="PostgresTestDatabase.ServerConnectionString"/>'s.
/// </summary>
internal sealed partial class PostgresOwnDatabase : IAsyncDisposable
{
    readonly string _server;

    PostgresOwnDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20 }.ToString();
    }

    public string Name { get; }

    /// <summary>The database's connection string, with a pool of 20 per node (two nodes and the tests' clients fit max_connections).</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresOwnDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var server = PostgresTestDatabase.ServerConnectionString;
        var name = "nodes_" + Guid.NewGuid().ToString("N");
        await PostgresTestDatabase.ExecuteAsync(server, $"CREATE DATABASE {name};", cancellationToken);
        return new PostgresOwnDatabase(server, name);
    }

    /// <summary>The directory the test server runs in (data/, postgres.log).</summary>
    public static string ServerDirectory =>
        Environment.GetEnvironmentVariable(PostgresTestDatabase.DirectoryVariable)
        ?? throw new InvalidOperationException($"{PostgresTestDatabase.DirectoryVariable} is not set: the scan needs the server's directory");

    /// <summary>
    /// <c>pg_dump</c> of the database into <paramref name="path"/>, with every bytea value (dumped as <c>\x</c> hex)
    /// decoded and appended, so a record's bytes are scanned as stored. pg_dump is found as scripts/postgres-test-server.sh
    /// finds initdb: the newest <c>/usr/lib/postgresql/N/bin</c>.
    /// </summary>
    public async Task DumpAsync(string path, CancellationToken cancellationToken)
    {
        var server = new NpgsqlConnectionStringBuilder(_server);
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Where(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .OrderByDescending(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))
            .Select(d => Path.Combine(d, "bin", "pg_dump"))
            .First(File.Exists);
        var start = new ProcessStartInfo(bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--host", server.Host!, "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--username", server.Username!, "--no-password", Name },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("pg_dump failed: " + await errors);
        }

        var dump = await output;
        var decoded = new StringBuilder(dump);
        foreach (Match match in HexBytea().Matches(dump))
        {
            decoded.Append('\n').Append(Encoding.Latin1.GetString(Convert.FromHexString(match.Groups[1].Value)));
        }

        await File.WriteAllTextAsync(path, decoded.ToString(), Encoding.Latin1, cancellationToken);
    }

    /// <summary>Writes every dirty page to the data files, so a scan of the data directory sees the tables, not only the WAL.</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken) =>
        PostgresTestDatabase.ExecuteAsync(ConnectionString, "CHECKPOINT;", cancellationToken);

    /// <summary>
    /// Kills every backend of the database (the nodes' pooled connections die under them), as a crash of the server or a
    /// failover does; the database takes new connections at once.
    /// </summary>
    public Task KillConnectionsAsync(CancellationToken cancellationToken) =>
        PostgresTestDatabase.ExecuteAsync(
            _server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid();", cancellationToken);

    /// <summary>
    /// An outage of this database only (the other test classes sharing the server do not feel it): no new connection is
    /// allowed and the open ones are killed, until <see cref="EndOutageAsync"/>.
    /// </summary>
    public async Task BeginOutageAsync(CancellationToken cancellationToken)
    {
        await PostgresTestDatabase.ExecuteAsync(_server, $"ALTER DATABASE {Name} ALLOW_CONNECTIONS false;", cancellationToken);
        await KillConnectionsAsync(cancellationToken);
    }

    /// <summary>
    /// An outage that spares the nodes' change listeners and <paramref name="kept"/> (a connection the test opened before):
    /// the store's pools lose every connection and get no new one, while a NOTIFY sent on <paramref name="kept"/> still
    /// reaches the nodes, so a change signal can arrive while the store is down.
    /// </summary>
    public async Task BeginOutageSparingListenersAsync(NpgsqlConnection kept, CancellationToken cancellationToken)
    {
        await PostgresTestDatabase.ExecuteAsync(_server, $"ALTER DATABASE {Name} ALLOW_CONNECTIONS false;", cancellationToken);
        await PostgresTestDatabase.ExecuteAsync(
            _server,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid() " +
            $"AND pid <> {kept.ProcessID} AND application_name <> 'lockbox change listener';",
            cancellationToken);
    }

    /// <summary>
    /// From now on every change of a message's flags fails with a PostgreSQL error (a trigger), while reads, appends and
    /// deletes go on: a store that stops answering between two steps of one action, at a chosen step.
    /// </summary>
    public Task RefuseFlagChangesAsync(CancellationToken cancellationToken) =>
        PostgresTestDatabase.ExecuteAsync(
            ConnectionString,
            """
            CREATE FUNCTION test_refuse_flag_change() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'flag changes refused by the test'; END $$;
            CREATE TRIGGER test_refuse_flag_change BEFORE UPDATE OF flags ON messages
                FOR EACH ROW WHEN (OLD.flags IS DISTINCT FROM NEW.flags) EXECUTE FUNCTION test_refuse_flag_change();
            """,
            cancellationToken);

    /// <summary>Allows connections again; meant for a finally block, so it ignores the test's cancellation.</summary>
    public Task EndOutageAsync() =>
        PostgresTestDatabase.ExecuteAsync(_server, $"ALTER DATABASE {Name} ALLOW_CONNECTIONS true;", CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await PostgresTestDatabase.ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE);", CancellationToken.None);
    }

    [GeneratedRegex(@"\\x((?:[0-9a-f]{2})+)")]
    private static partial Regex HexBytea();
}
