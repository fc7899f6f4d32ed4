// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Tests.Infrastructure;
using MimeKit;

namespace Lockbox.Web.Tests.Compose;

public sealed class ReplyTests
{
    const string Original =
        "From: Bob <bob@example.net>\r\nTo: alice@example.org, dave@example.net\r\nCc: carol@example.com\r\nSubject: Lunch\r\n" +
        "Date: Thu, 01 Jan 2026 10:00:00 +0000\r\nMessage-ID: <m2@example.net>\r\nReferences: <m1@example.net>\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n\r\nNoon?\r\nAt the usual place.\r\n";

    static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    [Fact]
    public async Task Reply_all_fills_the_other_recipients_the_subject_the_quote_and_the_thread_headers()
    {
        await using var web = await ComposeWebmail.StartAsync(null, Original);

        var form = WebUtility.HtmlDecode(await web.Client.GetPageAsync("/mail/compose?box=INBOX&uid=1&mode=replyall"));

        Assert.Contains("name=\"Input.To\" type=\"text\" value=\"\"Bob\" <bob@example.net>\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Cc\" type=\"text\" value=\"dave@example.net, carol@example.com\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Re: Lunch\"", form, StringComparison.Ordinal);
        Assert.Contains("> Noon?\r\n> At the usual place.", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.InReplyTo\" value=\"<m2@example.net>\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.References\" value=\"<m1@example.net> <m2@example.net>\"", form, StringComparison.Ordinal);
        var message = WebUtility.HtmlDecode(await web.Client.GetPageAsync("/mail/message?box=INBOX&uid=1"));
        Assert.Contains("href=\"/mail/compose?box=INBOX&uid=1&mode=reply\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sent_reply_carries_In_Reply_To_and_References()
    {
        await using var web = await ComposeWebmail.StartAsync(null, Original);

        using var response = await web.PostAsync(
            [Field("action", "send"), Field("Input.To", "bob@example.net"), Field("Input.Subject", "Re: Lunch"), Field("Input.Body", "Yes"),
                Field("Input.InReplyTo", "<m2@example.net>"), Field("Input.References", "<m1@example.net> <m2@example.net>")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reply = (await web.Sink.NextAsync()).Parse();
        Assert.Equal("m2@example.net", reply.InReplyTo);
        Assert.Equal(["m1@example.net", "m2@example.net"], reply.References);
    }

    [Fact]
    public async Task A_forward_sends_the_original_whole_as_message_rfc822_with_its_attachment()
    {
        var content = new byte[5000];
        new Random(5).NextBytes(content);
        await using var web = await ComposeWebmail.StartAsync(null, Mails.WithAttachment("Report", "data.bin", "application/octet-stream", content));

        var form = WebUtility.HtmlDecode(await web.Client.GetPageAsync("/mail/compose?box=INBOX&uid=1&mode=forward"));
        Assert.Contains("value=\"Fwd: Report\"", form, StringComparison.Ordinal);
        Assert.Contains("Goes along: Report.eml", form, StringComparison.Ordinal);
        using var response = await web.PostAsync(
            [Field("action", "send"), Field("Input.To", "erin@example.net"), Field("Input.Subject", "Fwd: Report"), Field("Input.ForwardBox", "INBOX"), Field("Input.ForwardUid", "1")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var forward = (await web.Sink.NextAsync()).Parse();
        var inner = Assert.IsType<MessagePart>(Assert.Single(forward.Attachments)).Message;
        Assert.Equal("Report", inner!.Subject);
        var part = Assert.IsType<MimePart>(Assert.Single(inner.Attachments));
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded, TestContext.Current.CancellationToken);
        Assert.Equal(content, decoded.ToArray());
    }

    [Fact]
    public async Task Another_users_message_cannot_be_answered_or_forwarded()
    {
        await using var web = await ComposeWebmail.StartAsync();

        using var missing = await web.Client.GetAsync("/mail/compose?box=INBOX&uid=1&mode=forward");
        using var forward = await web.PostAsync([Field("action", "send"), Field("Input.To", "erin@example.net"), Field("Input.ForwardBox", "INBOX"), Field("Input.ForwardUid", "1")]);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forward.StatusCode);
        Assert.False(web.Sink.HasMessage);
    }
}
