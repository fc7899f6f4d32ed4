// SPDX-License-Identifier: MIT
using Npgsql;

namespace Lockbox.Storage.Postgres;

/// <summary>
/// <see cref="INodeLocks"/> as PostgreSQL session advisory locks (docs/decisions/0029). Each held lock has its own
/// unpooled connection: a session lock lives as long as its session, so closing the connection releases it, and a node
/// killed with its locks loses them with its sockets. Only rare, long runs take these (one opt-in encryption run per
/// user), so a connection each costs nothing that matters.
/// </summary>
internal sealed class PostgresNodeLocks : INodeLocks
{
    readonly string _connectionString;

    public PostgresNodeLocks(string connectionString)
    {
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "lockbox lock",
        }.ToString();
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(long key, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        var held = false;
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key);", connection);
            command.Parameters.AddWithValue("key", key);
            held = await command.ExecuteScalarAsync(cancellationToken) is true;
            return held ? new HeldLock(connection, key) : null;
        }
        catch (NpgsqlException e)
        {
            throw PostgresErrors.Translate(e, "take the lock");
        }
        finally
        {
            if (!held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A lock and the session holding it. Released by <c>pg_advisory_unlock</c> before the connection closes. WHY: closing
    /// alone frees the lock only once the server's backend has ended, after the close returned, so a node asking for it
    /// at once could still be refused (seen in CI). If the unlock cannot run, the closing connection still frees the lock.
    /// </summary>
    sealed class HeldLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Bounded: a server that stopped answering must not hold up the release; closing frees the lock anyway.
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key);", connection) { CommandTimeout = 5 };
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The session is gone or going, and the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
