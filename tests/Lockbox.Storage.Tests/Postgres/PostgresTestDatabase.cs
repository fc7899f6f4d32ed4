// SPDX-License-Identifier: MIT
using Npgsql;

namespace Lockbox.Storage.Tests.Postgres;

/// <summary>
/// One empty schema on the test PostgreSQL that scripts/postgres-test-server.sh started (scripts/test.sh starts it and
/// sets <c>LOCKBOX_TEST_POSTGRES</c>), dropped on dispose. A schema per test keeps the tests apart at a fraction of the
/// cost of a database per test. Without the variable the test is skipped with the reason, except in CI (<c>CI=true</c>),
/// where a missing server is a failure: CI must never pass without running the PostgreSQL suite.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>The Npgsql connection string of the test server.</summary>
    public const string Variable = "LOCKBOX_TEST_POSTGRES";

    /// <summary>The directory the script was given (data/, postgres.log), for the leak scans.</summary>
    public const string DirectoryVariable = "LOCKBOX_TEST_POSTGRES_DIR";

    readonly string _server;

    PostgresTestDatabase(string server, string schema)
    {
        _server = server;
        Schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ToString();
    }

    /// <summary>The schema's name.</summary>
    public string Schema { get; }

    /// <summary>A connection string whose unqualified tables are the schema's.</summary>
    public string ConnectionString { get; }

    /// <summary>The test server's connection string, or a skip (locally) or failure (CI) when it is not configured.</summary>
    public static string ServerConnectionString
    {
        get
        {
            var server = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrEmpty(server))
            {
                return server;
            }

            const string Reason = $"{Variable} is not set: run scripts/test.sh, or start scripts/postgres-test-server.sh and export {Variable}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(Reason);
            }

            Assert.Skip(Reason);
            return "";
        }
    }

    /// <summary>Creates a fresh schema.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var server = ServerConnectionString;
        var schema = "test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE SCHEMA {schema};", cancellationToken);
        return new PostgresTestDatabase(server, schema);
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync(_server, $"DROP SCHEMA {Schema} CASCADE;", CancellationToken.None);
    }

    /// <summary>Runs one statement on its own unpooled connection (also for the several-node tests' own databases).</summary>
    internal static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        // Unpooled: the tests' own connections are the store's; this one must not outlive the test.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
