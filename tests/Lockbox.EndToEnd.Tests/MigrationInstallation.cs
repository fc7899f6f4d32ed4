// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// The SQLite installation <see cref="MigrateTests"/> migrates, built once on first use: three users (two encrypted
/// with server keys, one cleartext), 3,000 messages delivered over LMTP on four connections, then over IMAP flags,
/// keywords, a new mailbox with moved messages, expunged UIDs and an APPEND to Sent, and two password changes (audit
/// entries, re-protected keys). The server is stopped before any test reads it; what each user saw over IMAP then is
/// kept as <see cref="Snapshots"/>.
/// </summary>
public sealed class MigrationInstallation : IDisposable
{
    public const string Sender = "sender@example.net";
    public const string FirstPassword = "correct horse battery staple";
    public const string SecondPassword = "another horse, another staple";
    public const int MessageCount = 3000;

    /// <summary>The users; bob is the cleartext one. alice keeps <see cref="FirstPassword"/>, the others change to <see cref="SecondPassword"/>.</summary>
    public static readonly (string Address, bool Encrypted, string Password)[] Users =
    [
        ("alice@example.org", true, FirstPassword),
        ("bob@example.org", false, SecondPassword),
        ("carol@example.org", true, SecondPassword),
    ];

    readonly TempDirectory _temp = new();
    readonly SemaphoreSlim _gate = new(1, 1);
    bool _built;

    /// <summary>The data directory (lockbox.db and blobs/).</summary>
    public string Data => _temp.Combine("data");

    public string Database => Path.Combine(Data, "lockbox.db");

    /// <summary>Per user, <see cref="ImapSnapshot"/> as the SQLite server showed it last.</summary>
    public Dictionary<string, string> Snapshots { get; } = new(StringComparer.Ordinal);

    /// <summary>How long the 3,000 LMTP deliveries took.</summary>
    public TimeSpan DeliveryTime { get; private set; }

    /// <summary>How long building the whole installation took (users, deliveries, IMAP changes, snapshots).</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>
    /// Message <paramref name="index"/> as sent over LMTP. One in a thousand outgrows the inline limit, so the installation has
    /// blob files as well as blobs stored with their rows (docs/decisions/0036).
    /// </summary>
    public static byte[] Message(int index) => Encoding.ASCII.GetBytes(
        $"From: {Sender}\r\nTo: {Recipient(index)}\r\nSubject: message {index}\r\nMessage-ID: <m{index}@example.net>\r\n\r\n" +
        $"Body of message {index}: needle{index:D4}\r\n" + (index % 1000 == 0 ? string.Concat(Enumerable.Repeat(new string('f', 998) + "\r\n", 100)) : ""));

    public static string Recipient(int index) => Users[index % Users.Length].Address;

    /// <summary>Builds the installation the first time; later calls return at once.</summary>
    public async Task EnsureBuiltAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_built)
            {
                var clock = Stopwatch.StartNew();
                await BuildAsync(cancellationToken);
                BuildTime = clock.Elapsed;
                _built = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _temp.Dispose();
    }

    async Task BuildAsync(CancellationToken cancellationToken)
    {
        foreach (var (address, encrypted, _) in Users)
        {
            await LockboxVerbs.AddUserAsync(Data, address, FirstPassword, encrypted);
        }

        await using (var server = await LockboxServer.StartAsync(Data))
        {
            var clock = Stopwatch.StartNew();
            const int Connections = 4;
            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async connection =>
            {
                await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
                for (var i = connection; i < MessageCount; i += Connections)
                {
                    var reply = Assert.Single(await lmtp.SendAsync(Sender, [Recipient(i)], Message(i)));
                    Assert.Equal(250, reply.Code);
                }
            }));
            DeliveryTime = clock.Elapsed;
            foreach (var (address, _, _) in Users)
            {
                await ChangeMailAsync(server, address, cancellationToken);
            }

            Assert.Equal(0, await server.StopAsync());
        }

        // Audit entries and re-protected keys: bob's and carol's passwords change with the server stopped.
        foreach (var (address, _, password) in Users.Where(u => u.Password != FirstPassword))
        {
            (await LockboxCli.RunAsync($"{FirstPassword}\n{password}\n", "user", "passwd", address, "--data", Data)).EnsureSuccess();
        }

        await using (var server = await LockboxServer.StartAsync(Data))
        {
            foreach (var (address, _, password) in Users)
            {
                Snapshots[address] = await ImapSnapshot.TakeAsync(server.Listeners["imap"], address, password, cancellationToken);
            }

            Assert.Equal(0, await server.StopAsync());
        }
    }

    /// <summary>Flags, a keyword, a new mailbox with 20 moved messages, 5 expunged and one APPEND to Sent.</summary>
    static async Task ChangeMailAsync(LockboxServer server, string address, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        var imap = server.Listeners["imap"];
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(address, FirstPassword, cancellationToken);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var uids = await inbox.SearchAsync(MailKit.Search.SearchQuery.All, cancellationToken);
        await inbox.AddFlagsAsync([.. uids.Take(50)], MessageFlags.Seen, silent: true, cancellationToken);
        await inbox.AddFlagsAsync([.. uids.Skip(10).Take(10)], MessageFlags.Flagged | MessageFlags.Answered, silent: true, cancellationToken);
        await inbox.StoreAsync([.. uids.Skip(30).Take(6)], new StoreFlagsRequest(StoreAction.Add, MessageFlags.None) { Keywords = { "$Project" }, Silent = true }, cancellationToken);
        var projects = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync("Projects", isMessageFolder: true, cancellationToken) ?? throw new InvalidOperationException("CREATE failed");
        await inbox.MoveToAsync([.. uids.Skip(100).Take(20)], projects, cancellationToken);
        await inbox.AddFlagsAsync([.. uids.Skip(200).Take(5)], MessageFlags.Deleted, silent: true, cancellationToken);
        await inbox.ExpungeAsync(cancellationToken);
        var sent = await client.GetFolderAsync("Sent", cancellationToken);
        var reply = new MimeMessage { Subject = "a reply", Body = new TextPart("plain") { Text = "the reply from " + address } };
        reply.From.Add(new MailboxAddress("", address));
        reply.To.Add(new MailboxAddress("", Sender));
        reply.MessageId = "reply-" + address;
        await sent.AppendAsync(new AppendRequest(reply, MessageFlags.Seen), cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
