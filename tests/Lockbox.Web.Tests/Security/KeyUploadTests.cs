// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Http.Headers;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Tests.Keys;
using Lockbox.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Security;

public sealed class KeyUploadTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task<string> CheckAsync(BrowserClient client, byte[] key)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(key);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pgp-keys");
        content.Add(file, "KeyFile", "key.gpg");
        using var response = await client.PostMultipartAsync("/security/key?handler=check", content, "/security/key");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task A_weak_key_shows_the_rule_it_breaks_and_offers_no_import()
    {
        await using var webmail = await SignedInWebmail.StartAsync();
        var weak = await GpgKey.GenerateAsync(SignedInWebmail.Address, "rsa1024", "never", DateTime.UtcNow, Ct);

        var page = WebUtility.HtmlDecode(await CheckAsync(webmail.Client, weak.PublicKey));

        Assert.Contains($"rejected: primary key 0x{weak.Fingerprint[^16..]} is RSA 1024 bits; the minimum is 2048", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=import", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_public_key_is_checked_then_imported_for_zero_access_and_a_wrong_password_changes_nothing()
    {
        await using var webmail = await SignedInWebmail.StartAsync();
        var good = await GpgKey.GenerateAsync(SignedInWebmail.Address, "never", DateTime.UtcNow, Ct);
        var page = await CheckAsync(webmail.Client, good.PublicKey);
        Assert.Contains("value=\"PublicKeyOnly\"", page, StringComparison.Ordinal);
        var keyData = Convert.ToBase64String(good.PublicKey);
        KeyValuePair<string, string>[] form(string password) =>
            [new("KeyData", keyData), new("Mode", "PublicKeyOnly"), new("DiscardServerKeys", "true"), new("Password", password)];
        var portal = webmail.Server.Services.GetRequiredService<IKeyPortal>();

        using var wrong = await webmail.Client.PostAsync("/security/key?handler=import", form("wrong password"), tokenPage: "/security/key");
        using var noToken = await webmail.Client.PostAsync("/security/key?handler=import", form(SignedInWebmail.Password), withToken: false);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (wrong.StatusCode, noToken.StatusCode));
        Assert.Contains("id=\"error\"", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(MailboxProtection.Encrypted, (await portal.GetStatusAsync(SignedInWebmail.Address, Ct)).Protection);

        using var imported = await webmail.Client.PostAsync("/security/key?handler=import", form(SignedInWebmail.Password), tokenPage: "/security/key");

        Assert.Equal((HttpStatusCode.Redirect, "/security?done=key"), (imported.StatusCode, imported.Headers.Location!.OriginalString));
        var status = await portal.GetStatusAsync(SignedInWebmail.Address, Ct);
        Assert.Equal((MailboxProtection.ZeroAccess, good.Fingerprint), (status.Protection, status.Key!.Fingerprint));
    }

    [Fact]
    public async Task The_public_key_downloads_as_an_attachment_and_the_secret_key_only_with_the_password()
    {
        await using var webmail = await SignedInWebmail.StartAsync();

        using var publicKey = await webmail.Client.GetAsync("/security/download?handler=public");
        using var wrong = await webmail.Client.PostAsync("/security/download", [new("KeySecret", "wrong")], tokenPage: "/security/download");
        using var noToken = await webmail.Client.PostAsync("/security/download", [new("KeySecret", SignedInWebmail.Password)], withToken: false);
        using var secret = await webmail.Client.PostAsync("/security/download", [new("KeySecret", SignedInWebmail.Password)], tokenPage: "/security/download");

        Assert.Equal("application/pgp-keys", publicKey.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", publicKey.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("BEGIN PGP PUBLIC KEY BLOCK", await publicKey.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (wrong.StatusCode, noToken.StatusCode));
        Assert.Equal(("application/pgp-keys", "attachment"), (secret.Content.Headers.ContentType!.MediaType, secret.Content.Headers.ContentDisposition!.DispositionType));
        Assert.Contains("BEGIN PGP PRIVATE KEY BLOCK", await secret.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("data-event=\"secret-key-downloaded\"", await webmail.Client.GetPageAsync("/security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_posts_without_a_session_send_the_browser_to_login()
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var import = await client.PostAsync("/security/key?handler=import", [new("KeyData", "AA=="), new("Mode", "PublicKeyOnly"), new("Password", "x")]);
        using var secret = await client.PostAsync("/security/download", [new("KeySecret", "x")]);

        Assert.Equal(("/login", "/login"), (import.Headers.Location!.OriginalString, secret.Headers.Location!.OriginalString));
    }
}
