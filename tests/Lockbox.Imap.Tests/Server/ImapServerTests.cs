// SPDX-License-Identifier: MIT
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.Imap.Tests.Server;

/// <summary>The server driven by MailKit's ImapClient over a real listener and a real, encrypting Vault.</summary>
public sealed class ImapServerTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Right_password_logs_in_and_a_wrong_one_is_refused()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);

        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(Address, "wrong", Ct));
        await client.AuthenticateAsync(Address, Password, Ct);

        Assert.True(client.IsAuthenticated);
        await client.DisconnectAsync(quit: true, Ct);
    }

    [Fact]
    public async Task List_shows_the_six_standard_mailboxes_with_their_special_use()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = await LoggedInClientAsync(server);

        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: Ct);

        Assert.Equal(["Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"], folders.Select(f => f.FullName).Order(StringComparer.Ordinal));
        Assert.True(folders.Single(f => f.FullName == "Sent").Attributes.HasFlag(FolderAttributes.Sent));
        Assert.True(folders.Single(f => f.FullName == "Trash").Attributes.HasFlag(FolderAttributes.Trash));
        Assert.True(folders.Single(f => f.FullName == "Junk").Attributes.HasFlag(FolderAttributes.Junk));
        Assert.True(folders.Single(f => f.FullName == "Drafts").Attributes.HasFlag(FolderAttributes.Drafts));
        Assert.True(folders.Single(f => f.FullName == "Archive").Attributes.HasFlag(FolderAttributes.Archive));
    }

    [Fact]
    public async Task Select_reports_the_delivered_messages_and_status_agrees()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.DeliverAsync(Address, Message("one"));
        await server.DeliverAsync(Address, Message("two"));
        using var client = await LoggedInClientAsync(server);

        var access = await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);

        Assert.Equal(FolderAccess.ReadOnly, access);
        Assert.Equal(2, client.Inbox.Count);
        Assert.Equal(0, client.Inbox.Recent);
        Assert.Equal(3u, client.Inbox.UidNext!.Value.Id);
        var sent = await client.GetFolderAsync("Sent", Ct);
        await sent.StatusAsync(StatusItems.Count | StatusItems.Unread | StatusItems.UidNext, Ct);
        Assert.Equal(0, sent.Count);
        Assert.Equal(0, sent.Unread);
    }

    [Fact]
    public async Task Fetch_of_an_encrypted_message_returns_exactly_the_delivered_bytes()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        var delivered = Message("the plans are on the desk");
        await server.DeliverAsync(Address, delivered);
        using var client = await LoggedInClientAsync(server);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);

        var summary = Assert.Single(await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate, Ct));
        using var body = await client.Inbox.GetStreamAsync(summary.UniqueId, "", Ct);
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, Ct);

        // Vault prepends the trace headers (RFC 5321 section 4.4); everything after them is the message as sent.
        var expected = Encoding.ASCII.GetBytes("Return-Path: <bob@example.net>\r\nDelivered-To: alice@example.org\r\n").Concat(delivered).ToArray();
        Assert.Equal(expected, copy.ToArray());
        Assert.Equal((uint)expected.Length, summary.Size);
        Assert.Equal(1u, summary.UniqueId.Id);
        Assert.Equal(MessageFlags.None, summary.Flags);
        Assert.True(summary.InternalDate > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Header_text_and_partial_sections_are_slices_of_the_message()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.DeliverAsync(Address, Message("body line"));
        using var client = await LoggedInClientAsync(server);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        var uid = new UniqueId(1);

        var header = await ReadAsync(await client.Inbox.GetStreamAsync(uid, "HEADER", Ct));
        var text = await ReadAsync(await client.Inbox.GetStreamAsync(uid, "TEXT", Ct));
        var partial = await ReadAsync(await client.Inbox.GetStreamAsync(uid, 7, 3, Ct));

        Assert.StartsWith("Return-Path: <bob@example.net>\r\n", header, StringComparison.Ordinal);
        Assert.EndsWith("Subject: test\r\n\r\n", header, StringComparison.Ordinal);
        Assert.Equal("body line\r\n", text);
        Assert.Equal("Pat", partial);
    }

    [Fact]
    public async Task Noop_announces_mail_delivered_while_selected()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = await LoggedInClientAsync(server);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        Assert.Equal(0, client.Inbox.Count);

        await server.DeliverAsync(Address, Message("late"));
        await client.NoOpAsync(Ct);

        Assert.Equal(1, client.Inbox.Count);
    }

    static async Task<ImapClient> LoggedInClientAsync(ImapTestServer server)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        return client;
    }

    static async Task<string> ReadAsync(Stream stream)
    {
        using (stream)
        {
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(Ct);
        }
    }

    static byte[] Message(string body) =>
        Encoding.ASCII.GetBytes($"From: bob@example.net\r\nTo: alice@example.org\r\nSubject: test\r\n\r\n{body}\r\n");
}
