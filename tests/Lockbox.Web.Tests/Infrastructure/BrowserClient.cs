// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>An HTTP client that keeps cookies like a browser and reads anti-forgery tokens from the pages it gets.</summary>
internal sealed partial class BrowserClient : IDisposable
{
    readonly HttpClient _http;

    public BrowserClient(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        var handler = new HttpClientHandler
        {
            CookieContainer = Cookies,
            AllowAutoRedirect = false,
            // The test server's certificate is self-signed, made for this run.
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// POSTs a form. With <paramref name="withToken"/>, the anti-forgery token is taken from <paramref name="tokenPage"/>
    /// (fetched now, as a browser would have it from the page showing the form).
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true, string tokenPage = "/login")
    {
        var form = fields.ToList();
        if (withToken)
        {
            form.Add(new("__RequestVerificationToken", Token(await GetPageAsync(tokenPage))));
        }

        using var content = new FormUrlEncodedContent(form);
        return await _http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>POSTs a multipart form (a file upload) with the anti-forgery token of <paramref name="tokenPage"/>.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string path, MultipartFormDataContent content, string tokenPage)
    {
        content.Add(new StringContent(Token(await GetPageAsync(tokenPage))), "__RequestVerificationToken");
        return await _http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in and checks that the login went through to the mail page.</summary>
    public async Task LogInAsync(string address, string password)
    {
        using var response = await PostAsync("/login", [new("Address", address), new("Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mail", response.Headers.Location!.OriginalString);
    }

    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("no anti-forgery token in the page");

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
