// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;

namespace Lockbox.Imap.Tests.Server;

/// <summary>SEARCH and UID SEARCH (and ESEARCH) over a real, encrypting Vault, driven by MailKit's ImapClient and by raw commands.</summary>
public sealed class ImapSearchTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static readonly string[] Messages =
    [
        "From: Bob <bob@example.net>\r\nTo: alice@example.org\r\nSubject: Quarterly report\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n\r\nThe numbers look good.\r\n",
        "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.com>\r\nTo: alice@example.org\r\nSubject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=\r\n"
            + "Date: Sun, 15 Mar 2026 23:30:00 -0800\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nSchöne Grüße vom Oktoberfest\r\n",
        "From: dave@example.org\r\nTo: alice@example.org\r\nSubject: Lunch\r\n\r\nPizza at one?\r\n" + string.Concat(Enumerable.Repeat("filler text line\r\n", 400)),
    ];

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MailKit_searches_text_dates_sizes_flags_and_nested_not_or()
    {
        await using var server = await StartAsync();
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, Password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);

        async Task<uint[]> Search(SearchQuery query) => [.. (await client.Inbox.SearchAsync(query, Ct)).Select(u => u.Id)];

        Is([1u, 2u, 3u], await Search(SearchQuery.All));
        Is([1u], await Search(SearchQuery.BodyContains("NUMBERS")));
        // Non-ASCII strings make MailKit send CHARSET UTF-8 with a literal.
        Is([2u], await Search(SearchQuery.BodyContains("schöne GRÜSSE".Replace("SS", "ß", StringComparison.Ordinal))));
        Is([2u], await Search(SearchQuery.SubjectContains("München")));
        Is([2u], await Search(SearchQuery.FromContains("zoë")));
        Is([1u, 3u], await Search(SearchQuery.Not(SearchQuery.SubjectContains("münchen"))));
        Is([2u, 3u], await Search(SearchQuery.Or(SearchQuery.SubjectContains("lunch"), SearchQuery.Not(SearchQuery.BodyContains("numbers")))));
        Is([3u], await Search(SearchQuery.ToContains("alice").And(SearchQuery.Not(SearchQuery.Or(SearchQuery.SubjectContains("quarterly"), SearchQuery.BodyContains("oktoberfest"))))));
        Is([1u], await Search(SearchQuery.SentBefore(new DateTime(2026, 3, 15))));
        Is([2u], await Search(SearchQuery.SentOn(new DateTime(2026, 3, 15))));
        Is([1u, 2u, 3u], await Search(SearchQuery.DeliveredAfter(new DateTime(2026, 1, 1))));
        Assert.Empty(await Search(SearchQuery.DeliveredBefore(new DateTime(2026, 1, 1))));
        Is([3u], await Search(SearchQuery.LargerThan(5000)));
        Is([1u, 2u], await Search(SearchQuery.SmallerThan(5000)));
        Is([1u, 2u, 3u], await Search(SearchQuery.NotSeen.And(SearchQuery.NotDeleted)));
        Assert.Empty(await Search(SearchQuery.Flagged));
        Assert.Empty(await Search(SearchQuery.New));
        Is([2u, 3u], await Search(SearchQuery.Uids([new UniqueId(2), new UniqueId(3), new UniqueId(99)])));
        await client.DisconnectAsync(quit: true, Ct);
    }

    [Fact]
    public async Task Search_answers_sequence_numbers_and_uid_search_uids_of_messages_the_client_knows()
    {
        await using var server = await StartAsync();
        using var tcp = await server.ConnectAsync();
        var (reader, writer) = Open(tcp);
        await reader.ReadLineAsync(Ct);
        Assert.StartsWith("a1 OK", await SendAsync(reader, writer, $"a1 LOGIN {Address} \"{Password}\""));
        Assert.StartsWith("a2 OK", await SendAsync(reader, writer, "a2 SELECT INBOX"));
        // Mail delivered after SELECT has no sequence number until the client is told about it.
        await server.DeliverAsync(Address, Encoding.ASCII.GetBytes("Subject: late\r\n\r\nnumbers\r\n"));

        Assert.Equal(["* SEARCH 2 3", "a3 OK SEARCH completed"], await SendAllAsync(reader, writer, "a3 SEARCH 2:* NOT BODY numbers"));
        Assert.Equal(["* SEARCH 1", "a4 OK UID SEARCH completed"], await SendAllAsync(reader, writer, "a4 UID SEARCH CHARSET US-ASCII BODY numbers"));
        Assert.Equal(["* SEARCH 3", "a5 OK SEARCH completed"], await SendAllAsync(reader, writer, "a5 SEARCH OR (1 SUBJECT nothing) (* LARGER 100)"));
        Assert.Equal(["* SEARCH", "a6 OK SEARCH completed"], await SendAllAsync(reader, writer, "a6 SEARCH RECENT"));
        Assert.Equal(["a7 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset"], await SendAllAsync(reader, writer, "a7 SEARCH CHARSET KOI8-R TEXT x"));
        // ESEARCH (RFC 4731): a compact sequence set for ALL; MIN, MAX and ALL left out when nothing matched.
        Assert.Equal(["* ESEARCH (TAG \"a8\") MIN 2 MAX 3 COUNT 2 ALL 2:3", "a8 OK SEARCH completed"],
            await SendAllAsync(reader, writer, "a8 SEARCH RETURN (MIN MAX COUNT ALL) NOT BODY numbers"));
        Assert.Equal(["* ESEARCH (TAG \"a9\") UID ALL 1,3", "a9 OK UID SEARCH completed"], await SendAllAsync(reader, writer, "a9 UID SEARCH RETURN () OR 1 3"));
        Assert.Equal(["* ESEARCH (TAG \"a10\") UID COUNT 0", "a10 OK UID SEARCH completed"],
            await SendAllAsync(reader, writer, "a10 UID SEARCH RETURN (MIN COUNT) SUBJECT nothing"));
    }

    static void Is(uint[] expected, uint[] actual) => Assert.Equal(expected, actual);

    static async Task<ImapTestServer> StartAsync()
    {
        var server = await ImapTestServer.StartAsync();
        await server.CreateUserAsync(Address, Password);
        foreach (var message in Messages)
        {
            await server.DeliverAsync(Address, Encoding.UTF8.GetBytes(message));
        }

        return server;
    }

    static (StreamReader Reader, StreamWriter Writer) Open(TcpClient tcp)
    {
        var stream = tcp.GetStream();
        return (new StreamReader(stream, Encoding.UTF8), new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true });
    }

    /// <summary>Sends a command and returns its tagged response line, skipping untagged ones.</summary>
    static async Task<string> SendAsync(StreamReader reader, StreamWriter writer, string command) =>
        (await SendAllAsync(reader, writer, command))[^1];

    /// <summary>Sends a command and returns every line up to and including its tagged response.</summary>
    static async Task<List<string>> SendAllAsync(StreamReader reader, StreamWriter writer, string command)
    {
        await writer.WriteLineAsync(command);
        var tag = command[..command.IndexOf(' ', StringComparison.Ordinal)];
        var lines = new List<string>();
        while (await reader.ReadLineAsync(Ct) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal))
            {
                break;
            }
        }

        return lines;
    }
}
