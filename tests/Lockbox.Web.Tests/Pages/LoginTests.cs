// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Pages;
using Lockbox.Web.Sessions;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Pages;

public sealed class LoginTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery";

    [Fact]
    public async Task The_login_page_has_labelled_fields_and_an_anti_forgery_token()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        var html = await client.GetPageAsync("/login");

        Assert.Contains("<label for=\"address\">", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">", html, StringComparison.Ordinal);
        Assert.NotEmpty(BrowserClient.Token(html));
    }

    [Fact]
    public async Task A_login_without_the_anti_forgery_token_is_refused_before_the_password_is_checked()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = server.NewClient();

        using var response = await client.PostAsync("/login", [new("Address", Address), new("Password", Password)], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, server.Registry.Count);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_answer_and_no_session()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = server.NewClient();

        using var wrong = await client.PostAsync("/login", [new("Address", Address), new("Password", "wrong")]);
        using var unknown = await client.PostAsync("/login", [new("Address", "nobody@example.org"), new("Password", "wrong")]);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var texts = new[] { await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) };
        Assert.All(texts, t => Assert.Contains(LoginModel.FailureText, System.Net.WebUtility.HtmlDecode(t), StringComparison.Ordinal));
        Assert.Equal(0, server.Registry.Count);
        Assert.Null(client.Cookies.GetCookies(client.BaseAddress)[SessionCookie.Name]);
    }

    [Fact]
    public async Task The_session_cookie_is_an_opaque_HttpOnly_SameSite_Strict_id()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = server.NewClient();

        using var response = await client.PostAsync("/login", [new("Address", Address), new("Password", Password)]);

        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        var value = header[(SessionCookie.Name.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)];
        Assert.Matches("^[A-Za-z0-9_-]{43}$", value);
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", header, StringComparison.OrdinalIgnoreCase);
        // Served over plain HTTP here: a Secure cookie would never come back.
        Assert.DoesNotContain("secure", header.Replace("samesite", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Over_TLS_the_session_and_anti_forgery_cookies_are_Secure()
    {
        await using var server = await WebTestServer.StartAsync(tls: true);
        await server.CreateUserAsync(Address, Password);
        using var client = server.NewClient();

        using var response = await client.PostAsync("/login", [new("Address", Address), new("Password", Password)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = client.Cookies.GetCookies(client.BaseAddress);
        Assert.True(cookies[SessionCookie.Name]!.Secure);
        Assert.True(cookies["lockbox_antiforgery"]!.Secure);
        Assert.Contains("max-age=", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_ends_the_vault_session_at_once_and_the_old_cookie_opens_nothing()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = server.NewClient();
        await client.LogInAsync(Address, Password);
        var stolen = client.Cookies.GetCookies(client.BaseAddress)[SessionCookie.Name]!.Value;
        Assert.Equal(1, server.UnlockedUsers);

        using var refused = await client.PostAsync("/logout", [], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(1, server.Registry.Count);
        using var logout = await client.PostAsync("/logout", [], tokenPage: "/mail");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(0, server.Registry.Count);
        Assert.Equal(0, server.UnlockedUsers);
        using var replay = server.NewClient();
        replay.Cookies.Add(replay.BaseAddress, new Cookie(SessionCookie.Name, stolen));
        using var mail = await replay.GetAsync("/mail");
        Assert.Equal(HttpStatusCode.Redirect, mail.StatusCode);
        Assert.Equal("/login", mail.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_key_with_its_own_passphrase_asks_for_it_and_then_opens_the_mailbox()
    {
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.SetKeyPassphraseAsync(Address, Password, "second secret");
        using var client = server.NewClient();

        using var first = await client.PostAsync("/login", [new("Address", Address), new("Password", Password)]);
        var html = await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("<label for=\"passphrase\">Key passphrase</label>", html, StringComparison.Ordinal);
        Assert.Equal(0, server.Registry.Count);

        using var wrong = await client.PostAsync("/login", [new("Address", Address), new("Password", Password), new("Passphrase", "nope")]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var right = await client.PostAsync("/login", [new("Address", Address), new("Password", Password), new("Passphrase", "second secret")]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(1, server.Registry.Count);
    }

    [Fact]
    public async Task Login_attempts_beyond_the_per_address_rate_get_429()
    {
        await using var server = await WebTestServer.StartAsync(o => o.LoginAttemptsPerMinute = 2);
        using var client = server.NewClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/login", [new("Address", $"u{i}@example.org"), new("Password", "x")]);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Repeated_failures_for_one_user_are_throttled_without_checking_the_password()
    {
        await using var server = await WebTestServer.StartAsync(o =>
        {
            o.LoginThrottle.UserFailuresBeforeDelay = 1;
            o.LoginThrottle.BaseDelay = TimeSpan.FromMinutes(1);
        });
        await server.CreateUserAsync(Address, Password);
        using var client = server.NewClient();
        for (var i = 0; i < 2; i++)
        {
            using var failed = await client.PostAsync("/login", [new("Address", Address), new("Password", "wrong")]);
        }

        // Even the right password is not tried now.
        using var response = await client.PostAsync("/login", [new("Address", Address), new("Password", Password)]);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("Too many failed sign-ins", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, server.Registry.Count);
    }
}
