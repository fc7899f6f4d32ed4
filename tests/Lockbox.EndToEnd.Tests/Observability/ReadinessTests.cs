// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Storage.Tests.Postgres;

namespace Lockbox.EndToEnd.Tests.Observability;

/// <summary>Issue 8, item 6: <c>/readyz</c> follows the store: 200 while PostgreSQL answers, 503 once its database is gone, while <c>/healthz</c> stays 200.</summary>
public sealed class ReadinessTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_turns_503_when_the_postgres_database_goes_away_and_healthz_stays_200()
    {
        await using var database = await PostgresOwnDatabase.CreateAsync(Ct);
        var environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Store__Provider"] = "postgres",
            ["LOCKBOX__Store__ConnectionString"] = database.ConnectionString,
        };
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        (await LockboxCli.RunAsync("correct horse battery staple\n", environment, "user", "add", "alice@example.org", "--password-stdin", "--data", data)).EnsureSuccess();
        await using var server = await LockboxServer.StartAsync(data, environment);
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Listeners["web"] + "/") };
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "readyz"));

        await PostgresTestDatabase.ExecuteAsync(PostgresTestDatabase.ServerConnectionString, $"DROP DATABASE {database.Name} WITH (FORCE);", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(http, "readyz"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "healthz"));
    }

    static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return response.StatusCode;
    }
}
