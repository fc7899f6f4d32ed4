// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 6, "leak scan after a full web session": the real <c>lockbox serve</c>, mail delivered over LMTP to an
/// encrypted user, then the webmail lists it, searches for a body canary, opens the message and downloads the
/// attachment, and logs out. None of the canaries the browser was shown is anywhere under the data directory or in
/// the log, while running or after the stop.
/// </summary>
public sealed partial class WebLeakScanTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_web_session_that_reads_searches_and_downloads_leaves_no_canary_on_disk()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        var message = CanaryMessage.Create(Address);
        await using var server = await LockboxServer.StartAsync(data);
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("canary@example.net", [Address], message.Bytes)).Code);
        }

        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri("http://" + server.Listeners["web"] + "/"),
        };
        using (var login = await PostAsync(http, "/login", [new("Address", Address), new("Password", Password)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        Assert.Contains(message.Canaries[0], await GetAsync(http, "/mail?box=INBOX"), StringComparison.Ordinal);
        Assert.Contains(message.Canaries[0], await GetAsync(http, "/mail?box=INBOX&q=" + message.Canaries[1]), StringComparison.Ordinal);
        var page = await GetAsync(http, "/mail/message?box=INBOX&uid=1");
        Assert.Contains(message.Canaries[1], page, StringComparison.Ordinal);
        Assert.Contains(message.Canaries[2], page, StringComparison.Ordinal);
        Assert.Contains(message.Canaries[3], await GetAsync(http, "/mail/part?box=INBOX&uid=1&part=1"), StringComparison.Ordinal);
        using (var logout = await PostAsync(http, "/logout", [], "/mail"))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        var canaries = message.Canaries.ToHashSet(StringComparer.Ordinal);
        var live = LeakScanner.Scan(canaries, data, ("server log", server.Log));
        Assert.True(live.Count == 0, "leaked while running:\n" + LeakScanner.Describe(live));
        Assert.Equal(0, await server.StopAsync());
        var stopped = LeakScanner.Scan(canaries, data, ("server log", server.Log));
        Assert.True(stopped.Count == 0, "leaked:\n" + LeakScanner.Describe(stopped));
    }

    static async Task<string> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>POSTs a form with the anti-forgery token of <paramref name="tokenPage"/>, as the browser would.</summary>
    static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, List<KeyValuePair<string, string>> fields, string tokenPage = "/login")
    {
        var token = TokenPattern().Match(await GetAsync(http, tokenPage)).Groups[1].Value;
        using var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]);
        return await http.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
