// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Several <c>lockbox serve</c> nodes on one PostgreSQL database of their own (docs/decisions/0029): each node has its
/// own data directory (<c>node-a</c>, <c>node-b</c>), and all share one blob directory through
/// <c>Store:BlobDirectory</c>, as on a shared mount.
/// </summary>
internal sealed class PostgresNodes : IAsyncDisposable
{
    readonly TempDirectory _temp = new();
    readonly List<LockboxServer> _started = [];

    PostgresNodes(PostgresOwnDatabase database)
    {
        Database = database;
        BlobDirectory = _temp.Combine("shared-blobs");
        Environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Store__Provider"] = "postgres",
            ["LOCKBOX__Store__ConnectionString"] = database.ConnectionString,
            ["LOCKBOX__Store__BlobDirectory"] = BlobDirectory,
        };
    }

    public PostgresOwnDatabase Database { get; }

    /// <summary>The blob directory every node shares.</summary>
    public string BlobDirectory { get; }

    /// <summary>The configuration every node and CLI run gets.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The temporary directory holding the nodes' data directories and the shared blobs.</summary>
    public string Root => _temp.Path;

    public static async Task<PostgresNodes> CreateAsync(CancellationToken cancellationToken) =>
        new(await PostgresOwnDatabase.CreateAsync(cancellationToken));

    /// <summary>The data directory of node <paramref name="name"/>.</summary>
    public string DataOf(string name) => _temp.Combine("node-" + name);

    /// <summary>Adds a user through node <paramref name="name"/>'s CLI (the users live in PostgreSQL, so every node sees them).</summary>
    public async Task AddUserAsync(string address, string password, bool encrypt, string name = "a")
    {
        string[] arguments = ["user", "add", address, "--password-stdin", "--data", DataOf(name)];
        (await LockboxCli.RunAsync(password + "\n", Environment, encrypt ? [.. arguments, "--encrypt"] : arguments)).EnsureSuccess();
    }

    /// <summary>Starts node <paramref name="name"/> on its data directory, with <paramref name="settings"/> (a relay, say) added to <see cref="Environment"/>.</summary>
    public async Task<LockboxServer> StartAsync(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = await LockboxServer.StartAsync(DataOf(name), settings is null ? Environment : Environment.Concat(settings).ToDictionary());
        lock (_started)
        {
            _started.Add(server);
        }

        return server;
    }

    /// <summary>Nodes "a" and "b", started at once.</summary>
    public async Task<(LockboxServer A, LockboxServer B)> StartBothAsync()
    {
        var started = await Task.WhenAll(StartAsync("a"), StartAsync("b"));
        return (started[0], started[1]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _started)
        {
            await server.DisposeAsync();
        }

        await Database.DisposeAsync();
        _temp.Dispose();
    }
}
