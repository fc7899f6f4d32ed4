// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Security;

public sealed class PasswordChangeTests
{
    const string NewPassword = "a new password 2";

    static KeyValuePair<string, string>[] Form(string old, string @new, string confirm) =>
        [new("OldPassword", old), new("NewPassword", @new), new("ConfirmPassword", confirm)];

    [Fact]
    public async Task After_a_password_change_the_new_password_signs_in_and_the_old_one_does_not()
    {
        await using var webmail = await SignedInWebmail.StartAsync(null, Mails.Text("Kept", "still here"));

        using var response = await webmail.Client.PostAsync("/security/password", Form(SignedInWebmail.Password, NewPassword, NewPassword), tokenPage: "/security/password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/security?done=password", response.Headers.Location!.OriginalString);
        Assert.Contains("Your password was changed", await webmail.Client.GetPageAsync("/security?done=password"), StringComparison.Ordinal);
        using var other = webmail.Server.NewClient();
        using var old = await other.PostAsync("/login", [new("Address", SignedInWebmail.Address), new("Password", SignedInWebmail.Password)]);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        await other.LogInAsync(SignedInWebmail.Address, NewPassword);
        Assert.Contains("Kept", await other.GetPageAsync("/mail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong password", NewPassword, NewPassword, "password")]
    [InlineData(SignedInWebmail.Password, NewPassword, "something else", "confirmation differ")]
    public async Task A_refused_password_change_shows_why_and_keeps_the_old_password(string old, string @new, string confirm, string error)
    {
        await using var webmail = await SignedInWebmail.StartAsync();

        using var response = await webmail.Client.PostAsync("/security/password", Form(old, @new, confirm), tokenPage: "/security/password");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using var other = webmail.Server.NewClient();
        await other.LogInAsync(SignedInWebmail.Address, SignedInWebmail.Password);
    }

    [Fact]
    public async Task A_password_change_without_the_token_or_without_a_session_changes_nothing()
    {
        await using var webmail = await SignedInWebmail.StartAsync();
        using var stranger = webmail.Server.NewClient();

        using var withoutToken = await webmail.Client.PostAsync("/security/password", Form(SignedInWebmail.Password, NewPassword, NewPassword), withToken: false);
        using var signedOut = await stranger.PostAsync("/security/password", Form(SignedInWebmail.Password, NewPassword, NewPassword));
        using var signedOutNoToken = await stranger.PostAsync("/security/password", Form(SignedInWebmail.Password, NewPassword, NewPassword), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/login"), (signedOut.StatusCode, signedOut.Headers.Location!.OriginalString));
        Assert.Equal(HttpStatusCode.BadRequest, signedOutNoToken.StatusCode);
        await stranger.LogInAsync(SignedInWebmail.Address, SignedInWebmail.Password);
    }

    [Fact]
    public async Task After_an_escrow_restore_the_forced_change_sets_a_new_password_and_signs_in()
    {
        await using var server = await WebTestServer.StartAsync(escrowMode: "mandatory");
        using var master = await EscrowKit.InstallMasterKeyAsync(server);
        await server.CreateUserAsync(SignedInWebmail.Address, SignedInWebmail.Password);
        await server.DeliverAsync(SignedInWebmail.Address, Mails.Text("Recovered", "body"));
        using (var first = server.NewClient())
        {
            // The escrow copy is made at login under a mandatory mode.
            await first.LogInAsync(SignedInWebmail.Address, SignedInWebmail.Password);
        }

        var oneTime = await EscrowKit.RecoverAsync(server, master, SignedInWebmail.Address);
        using var client = server.NewClient();
        using var login = await client.PostAsync("/login", [new("Address", SignedInWebmail.Address), new("Password", oneTime)]);
        Assert.Equal("/password-change-required", login.Headers.Location!.OriginalString);
        KeyValuePair<string, string>[] form(string otp) =>
            [new("Address", SignedInWebmail.Address), new("OneTimePassword", otp), new("NewPassword", NewPassword), new("ConfirmPassword", NewPassword)];

        using var wrong = await client.PostAsync("/password-change-required", form("not it"), tokenPage: "/password-change-required");
        using var noToken = await client.PostAsync("/password-change-required", form(oneTime), withToken: false);
        using var changed = await client.PostAsync("/password-change-required", form(oneTime), tokenPage: "/password-change-required");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal((HttpStatusCode.Redirect, "/mail"), (changed.StatusCode, changed.Headers.Location!.OriginalString));
        Assert.Contains("Recovered", await client.GetPageAsync("/mail"), StringComparison.Ordinal);
        using var again = server.NewClient();
        await again.LogInAsync(SignedInWebmail.Address, NewPassword);
    }
}
