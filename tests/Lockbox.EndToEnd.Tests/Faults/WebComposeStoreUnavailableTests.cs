// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Vault.Tests.Sending;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// The webmail's compose form in a PostgreSQL outage (docs/decisions/0022, amendment "a store that cannot answer"): one
/// <c>lockbox serve</c> on a database of its own with its relay pointed at a loopback <see cref="SmtpSink"/>. A store that
/// stops answering once the relay has the message does not fail the send: the user is told the message went and its copy
/// is missing, so they do not send it twice. A store that cannot answer before anything was sent brings the form back as
/// typed with an error, instead of the 503 page that loses the text.
/// </summary>
public sealed class WebComposeStoreUnavailableTests
{
    const string User = "alice@compose-outage.example";
    const string Password = "compose outage password";
    const string To = "Bob <bob@example.net>";
    const string NotAnswering = "The mail store is not answering, so nothing was sent or saved. Please try again in a moment.";
    const string Reattach = " Files you attached must be attached again.";
    const string CopyMissing = "Your message was sent, but its copy could not be saved in Sent: the mail store was not answering.";
    const string DraftLeft = "Your message was sent. Its draft is still in Drafts: the mail store was not answering when it was to be removed.";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_store_outage_while_the_relay_takes_the_message_sends_it_once_and_the_list_says_its_Sent_copy_is_missing()
    {
        await using var node = await Node.StartAsync();
        var (subject, body) = (Canary("CANARYSUBJ"), Canary("CANARYBODY"));

        // The message has reached the relay, which has not said 250 yet: the store goes away at the worst moment.
        node.Sink.BeforeAccepting = () => node.Database.BeginOutageAsync(Ct);
        try
        {
            using var sent = await node.PostComposeAsync("send", subject, body, attach: false);
            Assert.True(sent.StatusCode == HttpStatusCode.Redirect, $"send: {(int)sent.StatusCode} {await sent.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal("/mail?box=Sent&notice=nocopy", sent.Headers.Location?.OriginalString);

            // The browser follows the redirect while the store is still down: the 503 page must carry the notice itself.
            using var followed = await node.Http.GetAsync(sent.Headers.Location, Ct);
            var page = await followed.Content.ReadAsStringAsync(Ct);
            Assert.True(followed.StatusCode == HttpStatusCode.ServiceUnavailable, $"list in the outage: {(int)followed.StatusCode} {page}");
            Assert.Contains($"role=\"status\">{HtmlEncoder.Default.Encode(CopyMissing)}</p>", page, StringComparison.Ordinal);
        }
        finally
        {
            await node.Database.EndOutageAsync();
        }

        Assert.Equal(subject, (await node.Sink.NextAsync()).Parse().Subject);
        var (list, _) = await WebmailHttp.ReadAfterOutageAsync(node.Http, "/mail?box=Sent&notice=nocopy");
        Assert.Contains($"role=\"status\">{HtmlEncoder.Default.Encode(CopyMissing)}</p>", list, StringComparison.Ordinal);
        Assert.Contains("<caption>0 messages", list, StringComparison.Ordinal);
        Assert.DoesNotContain(subject, list, StringComparison.Ordinal);
        Assert.False(node.Sink.HasMessage, "the relay got the message more than once");

        Assert.Equal(0, await node.Server.StopAsync());
        Assert.Contains("warn: Lockbox.Vault.Sending.Submission[4303]", node.Server.Log, StringComparison.Ordinal);
        AssertNothingFailed(node.Server.Log, subject, body);
    }

    [Fact]
    public async Task A_store_outage_before_send_or_save_brings_the_form_back_as_typed_with_the_error_and_sends_nothing()
    {
        await using var node = await Node.StartAsync();
        // Characters the page must encode, and a line break the text area must keep.
        var (subject, body) = ($"Q3 <figures> & \"notes\" {Canary("CANARYSUBJ")}", $"Line one & <b>two</b>\r\nline two {Canary("CANARYBODY")}");

        await node.Database.BeginOutageAsync(Ct);
        try
        {
            // Sending with a file attached: the error says it must be attached again. Saving a draft without one.
            foreach (var (action, attach) in new[] { ("send", true), ("draft", false) })
            {
                using var response = await node.PostComposeAsync(action, subject, body, attach);
                var page = await response.Content.ReadAsStringAsync(Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {page}");
                Assert.Contains($"role=\"alert\">{HtmlEncoder.Default.Encode(NotAnswering + (attach ? Reattach : ""))}</p>", page, StringComparison.Ordinal);
                Assert.Contains($"name=\"Input.To\" type=\"text\" value=\"{HtmlEncoder.Default.Encode(To)}\"", page, StringComparison.Ordinal);
                Assert.Contains($"name=\"Input.Subject\" type=\"text\" value=\"{HtmlEncoder.Default.Encode(subject)}\"", page, StringComparison.Ordinal);
                Assert.Contains($">{HtmlEncoder.Default.Encode(body)}</textarea>", page, StringComparison.Ordinal);
            }
        }
        finally
        {
            await node.Database.EndOutageAsync();
        }

        Assert.False(node.Sink.HasMessage, "a message reached the relay");
        var (drafts, _) = await WebmailHttp.ReadAfterOutageAsync(node.Http, "/mail?box=Drafts");
        Assert.Contains("<caption>0 messages", drafts, StringComparison.Ordinal);
        Assert.Equal(0, await node.Server.StopAsync());
        AssertNothingFailed(node.Server.Log, subject, body);
    }

    [Fact]
    public async Task A_draft_the_store_cannot_remove_stays_and_the_user_is_told_after_a_new_save_and_after_a_send()
    {
        await using var node = await Node.StartAsync();
        var (subject, body) = (Canary("CANARYSUBJ"), Canary("CANARYBODY"));
        using (var first = await node.PostComposeAsync("draft", subject, body, attach: false))
        {
            Assert.Equal("/mail/compose?draft=1&saved=1", first.Headers.Location?.OriginalString);
        }

        // From here on the store refuses every flag change, as a database that stops answering between a message's
        // append and the removal of the draft it replaces would (any PostgreSQL error is "unavailable" to the store).
        await node.Database.RefuseFlagChangesAsync(Ct);

        using (var again = await node.PostComposeAsync("draft", subject, body + " v2", attach: false, draftUid: 1))
        {
            Assert.Equal("/mail/compose?draft=2&saved=2", again.Headers.Location?.OriginalString);
        }

        Assert.Contains(
            "Draft saved. Its earlier version is still in Drafts: the mail store was not answering when it was to be removed.",
            await WebmailHttp.ReadAsync(node.Http, "/mail/compose?draft=2&saved=2"), StringComparison.Ordinal);

        using (var sent = await node.PostComposeAsync("send", subject, body + " v3", attach: false, draftUid: 2))
        {
            Assert.Equal("/mail?box=Sent&notice=draftleft", sent.Headers.Location?.OriginalString);
        }

        Assert.Equal(subject, (await node.Sink.NextAsync()).Parse().Subject);
        var list = await WebmailHttp.ReadAsync(node.Http, "/mail?box=Sent&notice=draftleft");
        Assert.Contains($"role=\"status\">{HtmlEncoder.Default.Encode(DraftLeft)}</p>", list, StringComparison.Ordinal);
        Assert.Contains("<caption>1 message", list, StringComparison.Ordinal);
        Assert.Contains("<caption>2 messages", await WebmailHttp.ReadAsync(node.Http, "/mail?box=Drafts"), StringComparison.Ordinal);
        Assert.Equal(0, await node.Server.StopAsync());
        Assert.Equal(2, Regex.Count(node.Server.Log, @"warn: Lockbox\.Vault\.Sending\.Submission\[4304\]"));
        AssertNothingFailed(node.Server.Log, subject, body);
    }

    /// <summary>No crash, no 503 page for the form (the list's reads right after the outage may have one), nothing typed in the log.</summary>
    static void AssertNothingFailed(string log, string subject, string body)
    {
        Assert.DoesNotContain("unhandled exception", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("fail: ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("POST /mail/compose answered 503", log, StringComparison.Ordinal);
        Assert.DoesNotContain(subject, log, StringComparison.Ordinal);
        Assert.DoesNotContain(body, log, StringComparison.Ordinal);
    }

    static string Canary(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    /// <summary>
    /// One node on a PostgreSQL database of its own with its relay pointed at <see cref="Sink"/>, the user signed in over
    /// <see cref="Http"/>, and the compose form's anti-forgery token.
    /// </summary>
    sealed class Node(PostgresNodes nodes, SmtpSink sink, LockboxServer server, HttpClient http, string token) : IAsyncDisposable
    {
        public PostgresOwnDatabase Database => nodes.Database;

        public SmtpSink Sink => sink;

        public LockboxServer Server => server;

        public HttpClient Http => http;

        public static async Task<Node> StartAsync()
        {
            var nodes = await PostgresNodes.CreateAsync(Ct);
            var sink = new SmtpSink();
            HttpClient? http = null;
            try
            {
                await nodes.AddUserAsync(User, Password, encrypt: true);
                var server = await nodes.StartAsync("a", new Dictionary<string, string>
                {
                    ["LOCKBOX__Smtp__Host"] = "127.0.0.1",
                    ["LOCKBOX__Smtp__Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
                    // The sink is on loopback and speaks no TLS.
                    ["LOCKBOX__Smtp__StartTls"] = "false",
                });
                http = WebmailHttp.Browser(server);
                using (var login = await WebmailHttp.PostLoginAsync(http, User, Password))
                {
                    Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
                }

                return new Node(nodes, sink, server, http, await WebmailHttp.TokenAsync(http, "/mail/compose"));
            }
            catch
            {
                http?.Dispose();
                await nodes.DisposeAsync();
                await sink.DisposeAsync();
                throw;
            }
        }

        /// <summary>The compose form as a browser posts it (multipart/form-data), hidden fields included.</summary>
        public async Task<HttpResponseMessage> PostComposeAsync(string action, string subject, string body, bool attach, long? draftUid = null)
        {
            using var form = new MultipartFormDataContent();
            (string Name, string Value)[] fields =
            [
                ("Input.InReplyTo", ""), ("Input.References", ""), ("Input.DraftUid", draftUid?.ToString(CultureInfo.InvariantCulture) ?? ""),
                ("Input.ForwardBox", ""), ("Input.ForwardUid", ""),
                ("Input.To", To), ("Input.Cc", ""), ("Input.Bcc", ""), ("Input.Subject", subject), ("Input.Body", body),
                ("action", action), ("__RequestVerificationToken", token),
            ];
            foreach (var (name, value) in fields)
            {
                form.Add(new StringContent(value), name);
            }

            if (attach)
            {
                form.Add(new ByteArrayContent(RandomNumberGenerator.GetBytes(1000)), "Uploads", "notes.bin");
            }

            return await http.PostAsync(new Uri("/mail/compose", UriKind.Relative), form, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await nodes.DisposeAsync();
            await sink.DisposeAsync();
        }
    }
}
