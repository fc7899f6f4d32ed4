// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Web.Pages.Compose;
using Lockbox.Web.Tests.Infrastructure;
using Lockbox.Vault.Quota;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Compose;

/// <summary>
/// The compose page at the storage quota (docs/decisions/0041): a draft is not saved and the form comes back as typed with
/// the reason; a message is still sent, since the relay takes it before the copy, and the page says the copy is missing.
/// </summary>
public sealed class QuotaComposeTests
{
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
        Assert.Contains("notice=nocopy", sent.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("Plans", (await web.Sink.NextAsync()).Parse().Subject);
        Assert.Empty(await web.MailboxAsync("Sent"));
    }
}
