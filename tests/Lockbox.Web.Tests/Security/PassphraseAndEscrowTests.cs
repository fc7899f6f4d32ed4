// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Security;

public sealed class PassphraseAndEscrowTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_separate_passphrase_is_asked_after_sign_in_once_on_and_a_wrong_password_changes_nothing()
    {
        await using var webmail = await SignedInWebmail.StartAsync();
        KeyValuePair<string, string>[] form(string password) =>
            [new("Password", password), new("NewPassphrase", "key passphrase 9"), new("ConfirmPassphrase", "key passphrase 9")];

        using var wrong = await webmail.Client.PostAsync("/security/passphrase?handler=set", form("wrong"), tokenPage: "/security/passphrase");
        using var noToken = await webmail.Client.PostAsync("/security/passphrase?handler=set", form(SignedInWebmail.Password), withToken: false);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (wrong.StatusCode, noToken.StatusCode));
        Assert.False((await webmail.Server.Services.GetRequiredService<IKeyPortal>().GetStatusAsync(SignedInWebmail.Address, Ct)).KeyPassphrase);

        using var set = await webmail.Client.PostAsync("/security/passphrase?handler=set", form(SignedInWebmail.Password), tokenPage: "/security/passphrase");

        Assert.Equal("/security?done=passphrase-on", set.Headers.Location!.OriginalString);
        using var other = webmail.Server.NewClient();
        using var login = await other.PostAsync("/login", [new("Address", SignedInWebmail.Address), new("Password", SignedInWebmail.Password)]);
        Assert.Contains("Key passphrase", await login.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opting_out_of_escrow_deletes_the_copies_and_shows_the_audit_entry()
    {
        await using var server = await WebTestServer.StartAsync(escrowMode: "opt-out");
        using var master = await EscrowKit.InstallMasterKeyAsync(server);
        await server.CreateUserAsync(SignedInWebmail.Address, SignedInWebmail.Password);
        using var client = server.NewClient();
        await client.LogInAsync(SignedInWebmail.Address, SignedInWebmail.Password);
        var portal = server.Services.GetRequiredService<IKeyPortal>();
        var label = (await portal.GetConsentTextAsync(ConsentKind.EscrowOptOut, Ct)).Label;
        var page = await client.GetPageAsync("/security/escrow");
        Assert.Contains("id=\"optout-text\"", page, StringComparison.Ordinal);
        KeyValuePair<string, string>[] form(string password) => [new("ConsentLabel", label), new("Agree", "true"), new("Password", password)];

        using var wrong = await client.PostAsync("/security/escrow?handler=optout", form("wrong"), tokenPage: "/security/escrow");
        using var noToken = await client.PostAsync("/security/escrow?handler=optout", form(SignedInWebmail.Password), withToken: false);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (wrong.StatusCode, noToken.StatusCode));
        Assert.Equal(EscrowUserChoice.Undecided, (await portal.GetStatusAsync(SignedInWebmail.Address, Ct)).Escrow.Choice);

        using var optOut = await client.PostAsync("/security/escrow?handler=optout", form(SignedInWebmail.Password), tokenPage: "/security/escrow");

        Assert.Equal("/security?done=escrow-opt-out", optOut.Headers.Location!.OriginalString);
        var status = await portal.GetStatusAsync(SignedInWebmail.Address, Ct);
        Assert.Equal((EscrowUserChoice.OptedOut, 0), (status.Escrow.Choice, status.Escrow.Copies));
        Assert.Contains("data-event=\"escrow-opt-out\"", await client.GetPageAsync("/security"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/security/passphrase?handler=set")]
    [InlineData("/security/passphrase?handler=remove")]
    [InlineData("/security/escrow?handler=consent")]
    [InlineData("/security/escrow?handler=optout")]
    public async Task A_security_post_without_a_session_sends_the_browser_to_login_and_without_a_token_is_400(string path)
    {
        await using var server = await WebTestServer.StartAsync();
        using var client = server.NewClient();

        using var withToken = await client.PostAsync(path, [new("Password", "x")]);
        using var withoutToken = await client.PostAsync(path, [new("Password", "x")], withToken: false);

        Assert.Equal((HttpStatusCode.Redirect, "/login"), (withToken.StatusCode, withToken.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
    }
}
