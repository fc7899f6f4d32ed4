// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, "password change" and "rotation", when the administrator's verb runs in another process than the
/// running <c>lockbox serve</c> that holds the user unlocked for an open IMAP connection (docs/decisions/0027): the
/// server notices the change from the credential version on the user's row at the next login.
/// </summary>
public sealed class CrossProcessCredentialTests
{
    const string Address = "dave@example.org";
    const string Password = "dave's first password";
    const string NewPassword = "dave's second password";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_passwd_in_another_process_the_old_password_fails_at_the_running_server_and_the_new_one_reads_the_old_mail()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var message = CliDataDirectory.Message("before-the-change");
        await data.DeliverAsync(Address, message);
        await using var server = await LockboxServer.StartAsync(data.Path);
        // Kept open across the change: its unlocked state is what a login with the old password would have reused.
        using var open = await LoginAsync(server, Password);
        Assert.EndsWith(message, await ReadAsync(open, 0), StringComparison.Ordinal);

        CliAssert.Succeeds(await data.RunAsync($"{Password}\n{NewPassword}\n", "user", "passwd", Address));

        Assert.Equal("a NO [AUTHENTICATIONFAILED] Authentication failed", await RawImapClient.LoginReplyAsync(server, Address, Password, Ct));
        using var fresh = await LoginAsync(server, NewPassword);
        Assert.EndsWith(message, await ReadAsync(fresh, 0), StringComparison.Ordinal);
        // Issue 5, item 4: "open sessions continue", as after a change in the server's own process.
        Assert.EndsWith(message, await ReadAsync(open, 0), StringComparison.Ordinal);
        Assert.Contains($"The credentials of {Address} changed since they were unlocked here", await server.WaitForLogAsync("changed since they were unlocked here"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_key_rotate_in_another_process_a_new_login_reads_mail_encrypted_to_the_new_key()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var before = CliDataDirectory.Message("before-the-rotation");
        await data.DeliverAsync(Address, before);
        await using var server = await LockboxServer.StartAsync(data.Path);
        using var open = await LoginAsync(server, Password);
        Assert.EndsWith(before, await ReadAsync(open, 0), StringComparison.Ordinal);

        CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "rotate", Address, "--password-stdin"));
        var after = CliDataDirectory.Message("after-the-rotation");
        await data.DeliverAsync(Address, after);

        // The same password: the unlocked state would match it, but it holds only the old key.
        using var fresh = await LoginAsync(server, Password);
        Assert.EndsWith(before, await ReadAsync(fresh, 0), StringComparison.Ordinal);
        Assert.EndsWith(after, await ReadAsync(fresh, 1), StringComparison.Ordinal);
    }

    static async Task<ImapClient> LoginAsync(LockboxServer server, string password)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        return client;
    }

    static async Task<string> ReadAsync(ImapClient client, int index)
    {
        using var stream = await client.Inbox.GetStreamAsync(index, string.Empty, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }
}
