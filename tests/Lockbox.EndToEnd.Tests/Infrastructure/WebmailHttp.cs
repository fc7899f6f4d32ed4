// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The webmail of a <see cref="LockboxServer"/> over plain HTTP, as a browser without scripts uses it: cookies kept,
/// redirects not followed (the tests read them), forms posted with a page's anti-forgery token.
/// </summary>
internal static partial class WebmailHttp
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A client of <paramref name="server"/>'s web listener that keeps its cookies and does not follow redirects.</summary>
    public static HttpClient Browser(LockboxServer server) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri("http://" + server.Listeners["web"] + "/"),
        };

    /// <summary>POST /login with the login page's token; the answer is the caller's to read (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient http, string address, string password)
    {
        var token = await TokenAsync(http, "/login");
        using var form = new FormUrlEncodedContent([new("Address", address), new("Password", password), new("__RequestVerificationToken", token)]);
        return await http.PostAsync(new Uri("/login", UriKind.Relative), form, Ct);
    }

    /// <summary>The anti-forgery token in the form of the page at <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string path) =>
        TokenPattern().Match(await ReadAsync(http, path)).Groups[1].Value;

    public static Task<HttpResponseMessage> GetAsync(HttpClient http, string path) => http.GetAsync(new Uri(path, UriKind.Relative), Ct);

    /// <summary>The page at <paramref name="path"/>, which must answer 200.</summary>
    public static async Task<string> ReadAsync(HttpClient http, string path)
    {
        using var response = await GetAsync(http, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>
    /// The page at <paramref name="path"/> once it answers 200 again after a store outage: the pool's first connections may
    /// still be the killed ones, so it is asked again for up to 30 seconds. Also the time that took.
    /// </summary>
    public static async Task<(string Page, TimeSpan Waited)> ReadAfterOutageAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(200, Ct);
            using var response = await GetAsync(http, path);
            if (response.StatusCode == HttpStatusCode.OK || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} {clock.Elapsed.TotalSeconds:F0} s after the outage: {(int)response.StatusCode}");
                return (await response.Content.ReadAsStringAsync(Ct), clock.Elapsed);
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
