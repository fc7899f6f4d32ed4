// SPDX-License-Identifier: MIT
using System.Net;
using System.Text.RegularExpressions;
using Lockbox.Web.Tests.Infrastructure;
using MimeKit;

namespace Lockbox.Web.Tests.Compose;

public sealed partial class DraftTests
{
    static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    [Fact]
    public async Task A_draft_is_saved_reopened_into_the_form_and_removed_from_Drafts_when_sent()
    {
        await using var web = await ComposeWebmail.StartAsync();
        var attachment = new byte[2000];
        new Random(3).NextBytes(attachment);

        using var saved = await web.PostAsync(
            [Field("action", "draft"), Field("Input.To", "bob@example.net"), Field("Input.Bcc", "carol@example.com"), Field("Input.Subject", "Plans"), Field("Input.Body", "Half written")],
            [("plan.pdf", "application/pdf", attachment)]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.OriginalString;
        var uid = DraftUid().Match(location).Groups[1].Value;
        Assert.Equal("/mail/compose?draft=" + uid + "&saved=1", location);
        var (info, draft) = Assert.Single(await web.MailboxAsync("Drafts"));
        Assert.Contains("\\Draft", info.Flags);
        Assert.Equal("Plans", draft.Subject);
        Assert.False(web.Sink.HasMessage);

        var form = WebUtility.HtmlDecode(await web.Client.GetPageAsync(location));
        Assert.Contains("Draft saved.", form, StringComparison.Ordinal);
        Assert.Contains("value=\"bob@example.net\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"carol@example.com\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Plans\"", form, StringComparison.Ordinal);
        Assert.Contains(">Half written</textarea>", form, StringComparison.Ordinal);
        Assert.Contains("Goes along: plan.pdf", form, StringComparison.Ordinal);

        using var sent = await web.PostAsync(
            [Field("action", "send"), Field("Input.DraftUid", uid), Field("Input.To", "bob@example.net"), Field("Input.Subject", "Plans"), Field("Input.Body", "Finished")],
            tokenPage: location);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var received = (await web.Sink.NextAsync()).Parse();
        Assert.Equal("Finished", received.TextBody!.TrimEnd());
        var part = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded, TestContext.Current.CancellationToken);
        Assert.Equal(attachment, decoded.ToArray());
        Assert.Empty(await web.MailboxAsync("Drafts"));
        Assert.Single(await web.MailboxAsync("Sent"));
    }

    [Fact]
    public async Task Saving_a_draft_again_replaces_it()
    {
        await using var web = await ComposeWebmail.StartAsync();
        using var first = await web.PostAsync([Field("action", "draft"), Field("Input.Subject", "One")]);
        var uid = DraftUid().Match(first.Headers.Location!.OriginalString).Groups[1].Value;

        using var second = await web.PostAsync([Field("action", "draft"), Field("Input.DraftUid", uid), Field("Input.Subject", "Two")]);

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("Two", Assert.Single(await web.MailboxAsync("Drafts")).Message.Subject);
    }

    [GeneratedRegex("draft=([0-9]+)")]
    private static partial Regex DraftUid();
}
