// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Vault.Quota;
using Lockbox.Web.Mail;
using Lockbox.Web.Pages.Compose;
using Lockbox.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Pages;

/// <summary>
/// The webmail and storage quotas (docs/decisions/0041): the folder list shows the usage against the limit; at the limit a
/// draft is not saved and the form comes back as typed with the reason, and a message is still sent, since the relay takes
/// it before the copy, with the page saying that the copy is missing.
/// </summary>
public sealed class QuotaWebmailTests
{
    [Fact]
    public async Task The_folder_list_shows_the_storage_used_against_the_limit_and_nothing_without_one()
    {
        await using var web = await SignedInWebmail.StartAsync();
        await web.Server.DeliverAsync(SignedInWebmail.Address, Mails.Text("one", new string('x', 3000)));
        Assert.DoesNotContain("class=\"quota\"", await web.Client.GetPageAsync("/mail"), StringComparison.Ordinal);

        await web.Server.Services.GetRequiredService<QuotaService>().SetAsync(SignedInWebmail.Address, 10L << 30, TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await web.Client.GetPageAsync("/mail"));

        Assert.Matches("<meter id=\"quota\" min=\"0\" max=\"10737418240\" high=\"9663676416\" value=\"[3-9][0-9]{3}\"></meter>", html);
        Assert.Matches(@"[3-9] KB of 10\.0 GB", html);
    }

    static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    [Fact]
    public async Task At_the_quota_a_draft_is_refused_with_the_reason_and_a_sent_message_goes_out_without_its_copy()
    {
        await using var web = await ComposeWebmail.StartAsync();
        await web.Server.Services.GetRequiredService<QuotaService>().SetAsync(ComposeWebmail.Address, 1, TestContext.Current.CancellationToken);

        var page = await web.PostExpectingErrorAsync([Field("action", "draft"), Field("Input.To", "bob@example.net"), Field("Input.Subject", "Plans")]);

        Assert.Contains(IndexModel.MailboxFull, page, StringComparison.Ordinal);
        Assert.Contains("value=\"Plans\"", page, StringComparison.Ordinal);
        Assert.Empty(await web.MailboxAsync("Drafts"));

        using var sent = await web.PostAsync([Field("action", "send"), Field("Input.To", "bob@example.net"), Field("Input.Subject", "Plans"), Field("Input.Body", "Hi")]);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("notice=" + ActionNotices.SentWithoutCopyOverQuota, sent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("your mail is at its storage quota", WebUtility.HtmlDecode(await web.Client.GetPageAsync(sent.Headers.Location.OriginalString)), StringComparison.Ordinal);
        Assert.Equal("Plans", (await web.Sink.NextAsync()).Parse().Subject);
        Assert.Empty(await web.MailboxAsync("Sent"));
    }
}
