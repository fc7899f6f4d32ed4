// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;
using Lockbox.Web.Tests.Infrastructure;

namespace Lockbox.Web.Tests.Pages;

public sealed partial class MailListTests
{
    const string Address = SignedInWebmail.Address;
    const string Password = SignedInWebmail.Password;

    [Fact]
    public async Task The_folder_list_shows_every_folder_with_its_unread_count()
    {
        await using var web = await SignedInWebmail.StartAsync();
        var (server, client) = (web.Server, web.Client);
        await server.DeliverAsync(Address, Mails.Text("one", "1"));
        await server.DeliverAsync(Address, Mails.Text("two", "2"));

        var html = await client.GetPageAsync("/mail");

        Assert.Contains("aria-current=\"page\">\n                        INBOX", html.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<span class=\"count\">2<span class=\"sr-only\"> unread</span></span>", html, StringComparison.Ordinal);
        foreach (var folder in new[] { "Sent", "Drafts", "Trash", "Junk", "Archive" })
        {
            Assert.Contains("/mail?box=" + folder + "\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_message_list_sorts_by_each_key_and_pages()
    {
        await using var web = await SignedInWebmail.StartAsync(o => o.PageSize = 2);
        var (server, client) = (web.Server, web.Client);
        await server.DeliverAsync(Address, Mails.Text("Banana", new string('x', 10), from: "Carol <carol@example.net>"));
        await server.DeliverAsync(Address, Mails.Text("Apple", new string('x', 3000), from: "Bob <bob@example.net>"));
        await server.DeliverAsync(Address, Mails.Text("Cherry", new string('x', 500), from: "Alan <alan@example.net>"));

        Assert.Equal(["Apple", "Banana"], Subjects(await client.GetPageAsync("/mail?box=INBOX&sort=subject&order=asc")));
        Assert.Equal(["Cherry"], Subjects(await client.GetPageAsync("/mail?box=INBOX&sort=subject&order=asc&p=2")));
        Assert.Equal(["Cherry", "Banana"], Subjects(await client.GetPageAsync("/mail?box=INBOX&sort=subject&order=desc")));
        Assert.Equal(["Cherry", "Apple"], Subjects(await client.GetPageAsync("/mail?box=INBOX&sort=from&order=asc")));
        Assert.Equal(["Apple", "Cherry"], Subjects(await client.GetPageAsync("/mail?box=INBOX&sort=size&order=desc")));
        // Newest arrival first by default.
        Assert.Equal(["Cherry", "Apple"], Subjects(await client.GetPageAsync("/mail?box=INBOX")));
        Assert.Contains("rel=\"next\"", await client.GetPageAsync("/mail?box=INBOX"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_goes_through_the_encrypted_index()
    {
        await using var web = await SignedInWebmail.StartAsync();
        var (server, client) = (web.Server, web.Client);
        await server.DeliverAsync(Address, Mails.Text("Quarterly figures", "the zebracorn numbers"));
        await server.DeliverAsync(Address, Mails.Text("Lunch", "sandwiches"));

        Assert.Equal(["Quarterly figures"], Subjects(await client.GetPageAsync("/mail?box=INBOX&q=zebracorn")));
        Assert.Equal(["Lunch"], Subjects(await client.GetPageAsync("/mail?box=INBOX&q=sandwich")));
    }

    [Fact]
    public async Task Mark_flag_move_and_delete_change_the_selected_messages_only_with_the_token()
    {
        await using var web = await SignedInWebmail.StartAsync();
        var (server, client) = (web.Server, web.Client);
        await server.DeliverAsync(Address, Mails.Text("first", "1"));
        await server.DeliverAsync(Address, Mails.Text("second", "2"));

        using var forged = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("uid", "2"), new("action", "read")], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(2, UnreadRows(await client.GetPageAsync("/mail?box=INBOX")));

        using var read = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("uid", "2"), new("action", "read"), new("back", "/mail?box=INBOX")], tokenPage: "/mail");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Equal("/mail?box=INBOX", read.Headers.Location!.OriginalString);
        Assert.Equal(0, UnreadRows(await client.GetPageAsync("/mail?box=INBOX")));

        using var flag = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "2"), new("action", "flag")], tokenPage: "/mail");
        Assert.Single(FlaggedPattern().Matches(await client.GetPageAsync("/mail?box=INBOX")));

        using var move = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "move"), new("target", "Archive")], tokenPage: "/mail");
        Assert.Equal(["second"], Subjects(await client.GetPageAsync("/mail?box=INBOX")));
        Assert.Equal(["first"], Subjects(await client.GetPageAsync("/mail?box=Archive")));

        using var delete = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "2"), new("action", "delete")], tokenPage: "/mail");
        Assert.Empty(Subjects(await client.GetPageAsync("/mail?box=INBOX")));
        Assert.Equal(["second"], Subjects(await client.GetPageAsync("/mail?box=Trash")));

        // In the Trash, delete removes for good.
        using var expunge = await client.PostAsync("/mail", [new("box", "Trash"), new("uid", "1"), new("action", "delete")], tokenPage: "/mail");
        Assert.Empty(Subjects(await client.GetPageAsync("/mail?box=Trash")));
    }

    [Fact]
    public async Task An_unknown_action_or_an_open_redirect_is_refused()
    {
        await using var web = await SignedInWebmail.StartAsync();
        var (server, client) = (web.Server, web.Client);
        await server.DeliverAsync(Address, Mails.Text("first", "1"));

        using var bad = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "explode")], tokenPage: "/mail");
        using var away = await client.PostAsync("/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "read"), new("back", "https://evil.example/")], tokenPage: "/mail");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("/mail?box=INBOX", away.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_action_Vault_refuses_comes_back_to_the_list_with_a_notice_not_an_error_page()
    {
        await using var web = await SignedInWebmail.StartAsync();
        var (server, client) = (web.Server, web.Client);
        await server.DeliverAsync(Address, Mails.Text("first", "1"));

        // The target was deleted meanwhile (in another session, say): Vault refuses, nothing moves.
        using var move = await client.PostAsync(
            "/mail", [new("box", "INBOX"), new("uid", "1"), new("action", "move"), new("target", "Gone"), new("back", "/mail?box=INBOX&p=1")], tokenPage: "/mail");

        Assert.Equal(HttpStatusCode.Redirect, move.StatusCode);
        Assert.Equal("/mail?box=INBOX&p=1&notice=gone", move.Headers.Location!.OriginalString);
        var list = await client.GetPageAsync(move.Headers.Location.OriginalString);
        Assert.Contains("the mailbox no longer exists", list, StringComparison.Ordinal);
        Assert.Equal(["first"], Subjects(list));
        // Only the server's own sentences: a crafted code shows nothing.
        Assert.DoesNotContain("class=\"notice\"", await client.GetPageAsync("/mail?box=INBOX&notice=%3Cb%3Ehi"), StringComparison.Ordinal);
    }

    internal static List<string> Subjects(string html) =>
        [.. SubjectPattern().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    static int UnreadRows(string html) => Regex.Count(html, "<tr class=\"unread\">");

    [GeneratedRegex("<a href=\"/mail/message\\?[^\"]*\">([^<]*)</a>")]
    private static partial Regex SubjectPattern();

    [GeneratedRegex("<span class=\"sr-only\">Flagged</span>")]
    private static partial Regex FlaggedPattern();
}
