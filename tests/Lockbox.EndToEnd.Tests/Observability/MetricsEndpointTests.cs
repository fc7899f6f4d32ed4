// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Observability;

/// <summary>
/// Issue 8, item 6: the real <c>lockbox serve</c> with <c>Metrics:Enabled</c> exposes Prometheus text at <c>/metrics</c>,
/// and deliveries, refusals, IMAP connections and logins move its counters by exactly what was done. Off by default.
/// </summary>
public sealed class MetricsEndpointTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_count_a_delivery_a_refused_recipient_and_a_good_and_a_bad_imap_login()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Metrics__Enabled"] = "true" });
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Listeners["web"] + "/") };

        var before = await ScrapeAsync(http);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("sender@example.net", [Address], CanaryMessage.Create(Address).Bytes)).Code);
            Assert.Equal(250, (await lmtp.CommandAsync("MAIL FROM:<sender@example.net>")).Code);
            Assert.Equal(550, (await lmtp.CommandAsync("RCPT TO:<nobody@example.org>")).Code);
        }

        Assert.StartsWith("a OK", await RawImapClient.LoginReplyAsync(server, Address, Password, Ct), StringComparison.Ordinal);
        Assert.StartsWith("a NO", await RawImapClient.LoginReplyAsync(server, Address, "wrong " + Password, Ct), StringComparison.Ordinal);
        var after = await ScrapeAsync(http);

        double Moved(string name, string label = "") => after.Sum(name, label) - before.Sum(name, label);
        Assert.Equal(1, Moved("lockbox_deliveries_total", "outcome=\"stored\""));
        Assert.Equal(1, Moved("lockbox_lmtp_failures_total", "reason=\"unknown_user\""));
        Assert.Equal(1, Moved("lockbox_delivery_duration_milliseconds_count"));
        Assert.Equal(1, Moved("lockbox_encryption_duration_milliseconds_count"));
        Assert.Equal(2, Moved("lockbox_imap_sessions_opened_total"));
        Assert.Equal(1, Moved("lockbox_imap_logins_total", "result=\"ok\""));
        Assert.Equal(1, Moved("lockbox_imap_logins_total", "result=\"failed\""));
        Assert.Equal(1, Moved("lockbox_logins_total", "result=\"ok\""));
        Assert.Equal(1, Moved("lockbox_logins_total", "result=\"failed\""));
        Assert.Equal(1, Moved("lockbox_unlock_duration_milliseconds_count"));
        Assert.Contains("lockbox_unlock_queue", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", after.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configuration_metrics_are_not_served_but_the_probes_are()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: false);
        await using var server = await LockboxServer.StartAsync(data);
        using var http = new HttpClient { BaseAddress = new Uri("http://" + server.Listeners["web"] + "/") };

        using (var metrics = await http.GetAsync(new Uri("metrics", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        }

        using (var health = await http.GetAsync(new Uri("healthz", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new PrometheusText(await response.Content.ReadAsStringAsync(Ct));
    }
}
