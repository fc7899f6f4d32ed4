// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Tests.Sending;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>
/// The webmail with its relay pointed at a real <see cref="SmtpSink"/> on loopback, one encrypted user signed in, and
/// helpers to post the multipart compose form and to look into a mailbox through Vault, as IMAP would.
/// </summary>
internal sealed class ComposeWebmail : IAsyncDisposable
{
    public const string Address = SignedInWebmail.Address;
    public const string Password = SignedInWebmail.Password;

    readonly HttpClient _multipart;

    ComposeWebmail(SmtpSink sink, WebTestServer server, BrowserClient client)
    {
        Sink = sink;
        Server = server;
        Client = client;
        _multipart = new HttpClient(new HttpClientHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false }) { BaseAddress = client.BaseAddress };
    }

    public SmtpSink Sink { get; }

    public WebTestServer Server { get; }

    public BrowserClient Client { get; }

    /// <param name="relayPort">The relay's port; the sink's when null (another, closed port, to test an unreachable relay).</param>
    public static async Task<ComposeWebmail> StartAsync(int? relayPort = null, params string[] messages)
    {
        var sink = new SmtpSink();
        var server = await WebTestServer.StartAsync(smtp: o =>
        {
            o.Host = "127.0.0.1";
            o.Port = relayPort ?? sink.Port;
            o.StartTls = false;
        });
        await server.CreateUserAsync(Address, Password);
        foreach (var message in messages)
        {
            await server.DeliverAsync(Address, message);
        }

        var client = server.NewClient();
        await client.LogInAsync(Address, Password);
        return new ComposeWebmail(sink, server, client);
    }

    /// <summary>POSTs the compose form as a browser does (multipart/form-data), the token taken from <paramref name="tokenPage"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(
        IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string Name, string Type, byte[] Content)>? files = null, bool withToken = true, string tokenPage = "/mail/compose")
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        foreach (var (name, type, content) in files ?? [])
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            form.Add(file, "Uploads", name);
        }

        if (withToken)
        {
            form.Add(new StringContent(BrowserClient.Token(await Client.GetPageAsync(tokenPage))), "__RequestVerificationToken");
        }

        return await _multipart.PostAsync(new Uri("/mail/compose", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts and expects the page again (200) with an error; returns the HTML, decoded.</summary>
    public async Task<string> PostExpectingErrorAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await PostAsync(fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The messages of <paramref name="mailbox"/> with their flags, read through a Vault session of the user.</summary>
    public async Task<IReadOnlyList<(MessageInfo Info, MimeMessage Message)>> MailboxAsync(string mailbox)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var session = await Server.Services.GetRequiredService<ISessionService>().OpenSessionAsync(Address, Password, ct);
        var list = new List<(MessageInfo, MimeMessage)>();
        foreach (var info in await session.ListMessagesAsync(mailbox, ct))
        {
            await using var stream = await session.OpenMessageAsync(mailbox, info.Uid, ct);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            copy.Position = 0;
            list.Add((info, await MimeMessage.LoadAsync(copy, ct)));
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        _multipart.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
