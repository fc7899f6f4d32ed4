// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.EndToEnd.Tests.Observability;
using Lockbox.Storage.Tests.Postgres;
using Lockbox.Vault.Tests.Recovery;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// docs/decisions/0038: a running <c>lockbox serve</c> removes leftovers older than the in-flight grace (one hour) every
/// <c>Store:SweepInterval</c>, without a restart, on either engine; younger files, which may be writes in progress, stay.
/// </summary>
public sealed class LeftoverSweepServeTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly TimeSpan Old = TimeSpan.FromHours(2);

    [Fact]
    public async Task Serve_on_sqlite_sweeps_old_leftovers_while_it_runs()
    {
        using var temp = new TempDirectory();
        await SweepsWhileRunningAsync(temp.Combine("data"), new Dictionary<string, string>());
    }

    [Fact]
    public async Task Serve_on_postgres_sweeps_old_leftovers_while_it_runs()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var temp = new TempDirectory();
        await SweepsWhileRunningAsync(temp.Combine("data"), new Dictionary<string, string>
        {
            ["LOCKBOX__Store__Provider"] = "postgres",
            ["LOCKBOX__Store__ConnectionString"] = database.ConnectionString,
        });
    }

    static async Task SweepsWhileRunningAsync(string data, Dictionary<string, string> environment)
    {
        environment["LOCKBOX__Store__SweepInterval"] = "00:00:01";
        environment["LOCKBOX__Metrics__Enabled"] = "true";
        await using var server = await LockboxServer.StartAsync(data, environment);
        // Planted after the startup check ran, as a failed write or another node's crash would leave them.
        var blobs = Path.Combine(data, "blobs");
        var oldOrphans = Enumerable.Range(0, 3).Select(_ => PlantedLeftover.Blob(blobs, Old)).ToList();
        var oldTemp = PlantedLeftover.Temp(blobs, Old);
        var youngOrphan = PlantedLeftover.Blob(blobs, TimeSpan.FromMinutes(5));
        var youngTemp = PlantedLeftover.Temp(blobs, TimeSpan.Zero);

        var log = await server.WaitForLogAsync("Leftover sweep removed 1 half-written and 3 unindexed blobs older than 01:00:00");

        Assert.Contains("Leftover sweep removed 1 half-written and 3 unindexed blobs older than 01:00:00", log, StringComparison.Ordinal);
        Assert.All(oldOrphans.Append(oldTemp), path => Assert.False(File.Exists(path), path));
        Assert.True(File.Exists(youngOrphan));
        Assert.True(File.Exists(youngTemp));
        // Later rounds find nothing more and say nothing at the default level.
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);
        Assert.Single(server.Log.Split('\n'), line => line.Contains("Leftover sweep removed", StringComparison.Ordinal));
        // The same counts for a monitor (docs/operations.md), and no row without its blob.
        using (var http = new HttpClient { BaseAddress = new Uri("http://" + server.Listeners["web"] + "/") })
        {
            var metrics = new PrometheusText(await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Ct));
            Assert.Equal(3, metrics.Sum("lockbox_leftovers_removed_total", "kind=\"orphan\""));
            Assert.Equal(1, metrics.Sum("lockbox_leftovers_removed_total", "kind=\"temp\""));
            Assert.Contains("lockbox_blobs_missing ", metrics.Text, StringComparison.Ordinal);
            Assert.Equal(0, metrics.Sum("lockbox_blobs_missing"));
        }

        Assert.Equal(0, await server.StopAsync());
    }
}
