// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Tests.Server;

/// <summary>Issue 5, item 5: IMAP cannot ask for a key passphrase, so a right password gets <c>NO [ALERT]</c>.</summary>
public sealed class ImapTwoPasswordModeTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_right_password_gets_an_alert_pointing_to_the_webmail_and_a_wrong_one_the_usual_failure()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.SetKeyPassphraseAsync(Address, Password, "the separate key passphrase");
        await using var raw = await RawImapConnection.ConnectAsync(server, implicitTls: false, Ct);
        await raw.ReadLineAsync(Ct);

        Assert.Equal(
            ["a NO [ALERT] This mailbox's key has its own passphrase: open it in the webmail, which asks for it"],
            await raw.CommandAsync("a", $"LOGIN {Address} \"{Password}\"", Ct));
        Assert.Equal(["b NO [AUTHENTICATIONFAILED] Authentication failed"], await raw.CommandAsync("b", $"LOGIN {Address} wrong", Ct));
        // Still not authenticated: the alert opened no session.
        Assert.Equal(["c BAD Log in first"], await raw.CommandAsync("c", "SELECT INBOX", Ct));
    }
}
