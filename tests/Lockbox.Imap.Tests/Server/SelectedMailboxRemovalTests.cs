// SPDX-License-Identifier: MIT
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// DELETE and RENAME of a mailbox another session has selected (RFC 2180 section 3.3, as Dovecot does): that
/// session is told with an untagged BYE and disconnected, at once when it idles, else at its next NOOP. A
/// renamed INBOX is the exception: it stays, emptied (RFC 3501 section 6.3.5), and an idling session hears
/// the EXPUNGEs instead.
/// </summary>
public sealed class SelectedMailboxRemovalTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";
    const string Bye = "* BYE Selected mailbox was deleted or renamed";

    /// <summary>How long a change may take to reach an idling client.</summary>
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("DELETE")]
    [InlineData("RENAME")]
    public async Task An_idling_session_whose_mailbox_another_session_removes_gets_BYE_at_once(string command)
    {
        await using var server = await ImapTestServer.StartAsync();
        using var wire = new MemoryStream();
        var (idler, other, work) = await WorkSelectedAsync(server, wire);
        using var _ = idler;
        using var __ = other;

        using var done = new CancellationTokenSource();
        var idle = idler.IdleAsync(done.Token, Ct);
        await Task.Delay(300, Ct);
        Assert.False(idle.IsCompleted);
        await (command == "DELETE" ? work.DeleteAsync(Ct) : work.RenameAsync(other.GetFolder(other.PersonalNamespaces[0]), "Projects", Ct));
        var ended = await Record.ExceptionAsync(() => idle.WaitAsync(Bound, Ct));

        Assert.IsNotType<TimeoutException>(ended);
        Assert.Contains(Bye, Encoding.ASCII.GetString(wire.ToArray()), StringComparison.Ordinal);
        Assert.False(idler.IsConnected);
    }

    [Fact]
    public async Task A_session_whose_mailbox_was_deleted_gets_BYE_at_its_next_NOOP()
    {
        await using var server = await ImapTestServer.StartAsync();
        using var wire = new MemoryStream();
        var (reader, other, work) = await WorkSelectedAsync(server, wire);
        using var _ = reader;
        using var __ = other;

        await work.DeleteAsync(Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => reader.NoOpAsync(Ct));

        Assert.Contains(Bye, Encoding.ASCII.GetString(wire.ToArray()), StringComparison.Ordinal);
        Assert.False(reader.IsConnected);
    }

    [Fact]
    public async Task An_idling_session_on_INBOX_hears_the_messages_leave_when_another_session_renames_INBOX()
    {
        await using var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        await server.DeliverAsync(Address, Encoding.ASCII.GetBytes("From: bob@example.net\r\nSubject: one\r\n\r\nbody\r\n"));
        using var idler = await LoggedInClientAsync(server, new NullProtocolLogger());
        await using var other = await RawImapSession.OpenInboxAsync(server, Address, Password, Ct);
        await idler.Inbox.OpenAsync(FolderAccess.ReadWrite, Ct);
        using var done = new CancellationTokenSource();
        idler.Inbox.MessageExpunged += (_, _) => done.Cancel();

        var idle = idler.IdleAsync(done.Token, Ct);
        await Task.Delay(300, Ct);
        // MailKit refuses to rename INBOX itself, so the other session is a raw one.
        Assert.Contains("OK", await other.CommandAsync("RENAME INBOX \"Old mail\"", Ct), StringComparison.Ordinal);
        await idle.WaitAsync(Bound, Ct);

        Assert.True(idler.IsConnected);
        Assert.Equal(0, idler.Inbox.Count);
        await idler.NoOpAsync(Ct);
        await idler.DisconnectAsync(quit: true, Ct);
    }

    /// <summary>A user with a mailbox "Work" that one client (its wire logged) has selected, and another client.</summary>
    static async Task<(ImapClient Selecting, ImapClient Other, IMailFolder Work)> WorkSelectedAsync(ImapTestServer server, Stream wire)
    {
        await server.CreateUserAsync(Address, Password);
        var selecting = await LoggedInClientAsync(server, new ProtocolLogger(wire, leaveOpen: true));
        var other = await LoggedInClientAsync(server, new NullProtocolLogger());
        var work = Assert.IsAssignableFrom<IMailFolder>(await other.GetFolder(other.PersonalNamespaces[0]).CreateAsync("Work", isMessageFolder: true, Ct));
        await (await selecting.GetFolderAsync("Work", Ct)).OpenAsync(FolderAccess.ReadWrite, Ct);
        return (selecting, other, work);
    }

    static async Task<ImapClient> LoggedInClientAsync(ImapTestServer server, IProtocolLogger logger)
    {
        var client = new ImapClient(logger);
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        return client;
    }
}
