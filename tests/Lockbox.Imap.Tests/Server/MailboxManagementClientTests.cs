// SPDX-License-Identifier: MIT
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Lockbox.Imap.Tests.Server;

/// <summary>Mailbox management and APPEND driven by MailKit's ImapClient over a real listener and a real, encrypting Vault.</summary>
public sealed class MailboxManagementClientTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MailKit_creates_renames_subscribes_lists_appends_and_deletes_folders()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        var root = client.GetFolder(client.PersonalNamespaces[0])!;

        // Nested folders, one with a name that travels as modified UTF-7.
        var projects = (await root.CreateAsync("Projects", isMessageFolder: true, Ct))!;
        var year = (await projects.CreateAsync("2026", isMessageFolder: true, Ct))!;
        var drafts = (await year.CreateAsync("Entwürfe", isMessageFolder: true, Ct))!;
        Assert.Equal("Projects/2026/Entwürfe", drafts.FullName);

        // Rename moves the inferiors along.
        await projects.RenameAsync(root, "Work", Ct);
        var all = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: Ct);
        Assert.Contains("Work/2026/Entwürfe", all.Select(f => f.FullName));
        Assert.DoesNotContain(all, f => f.FullName.StartsWith("Projects", StringComparison.Ordinal));

        // Subscriptions.
        var work = await client.GetFolderAsync("Work", Ct);
        await work.UnsubscribeAsync(Ct);
        var subscribed = await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: true, cancellationToken: Ct);
        Assert.DoesNotContain("Work", subscribed.Select(f => f.FullName));
        await work.SubscribeAsync(Ct);
        subscribed = await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: true, cancellationToken: Ct);
        Assert.Contains("Work", subscribed.Select(f => f.FullName));

        // APPEND to Sent with flags and a date; APPENDUID gives the UID.
        var sent = await client.GetFolderAsync("Sent", Ct);
        var text = "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: sent from MailKit\r\n\r\nThe appended body.\r\n";
        var date = new DateTimeOffset(2025, 7, 1, 8, 30, 0, TimeSpan.FromHours(-4));
        var uid = await sent.AppendAsync(
            new AppendRequest(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(text)), Ct), MessageFlags.Seen | MessageFlags.Answered) { InternalDate = date },
            Ct);
        Assert.Equal(1u, uid?.Id);

        await sent.StatusAsync(StatusItems.Count | StatusItems.UidNext | StatusItems.Unread, Ct);
        Assert.Equal(1, sent.Count);
        Assert.Equal(2u, sent.UidNext?.Id);
        Assert.Equal(0, sent.Unread);

        await sent.OpenAsync(FolderAccess.ReadOnly, Ct);
        var summary = Assert.Single(await sent.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.UniqueId, Ct));
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered, summary.Flags);
        Assert.Equal(date, summary.InternalDate);
        using (var stored = await sent.GetStreamAsync(uid!.Value, Ct))
        {
            using var reader = new StreamReader(stored, Encoding.ASCII);
            Assert.Equal(text, await reader.ReadToEndAsync(Ct));
        }

        await sent.CloseAsync(cancellationToken: Ct);

        // Delete: the leaf, then its now childless parents.
        var leaf = await client.GetFolderAsync("Work/2026/Entwürfe", Ct);
        await leaf.DeleteAsync(Ct);
        await Assert.ThrowsAsync<ImapCommandException>(() => work.DeleteAsync(Ct));
        await (await client.GetFolderAsync("Work/2026", Ct)).DeleteAsync(Ct);
        await work.DeleteAsync(Ct);
        all = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: Ct);
        Assert.DoesNotContain(all, f => f.FullName.StartsWith("Work", StringComparison.Ordinal));

        await client.DisconnectAsync(quit: true, Ct);
    }
}
