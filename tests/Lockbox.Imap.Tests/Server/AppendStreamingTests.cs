// SPDX-License-Identifier: MIT
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.Imap.Tests.Server;

/// <summary>APPEND's message streams from the socket into Vault: a client that leaves inside it stores nothing.</summary>
public sealed class AppendStreamingTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_that_leaves_inside_the_message_stores_nothing_and_the_server_carries_on()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using (var raw = await server.ConnectAsync())
        {
            var stream = raw.GetStream();
            var login = Encoding.ASCII.GetBytes($"a1 LOGIN {Address} \"{Password}\"\r\na2 APPEND Sent {{100000+}}\r\nSubject: cut short\r\n\r\nonly part of it");
            await stream.WriteAsync(login, Ct);
            await ReadUntilAsync(stream, "a1 OK");
        }

        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        var sent = await client.GetFolderAsync("Sent", Ct);
        await sent.StatusAsync(StatusItems.Count | StatusItems.UidNext, Ct);

        Assert.Equal(0, sent.Count);
        Assert.Equal(1u, sent.UidNext?.Id);
    }

    static async Task ReadUntilAsync(Stream stream, string marker)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, Ct);
            Assert.NotEqual(0, read);
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
