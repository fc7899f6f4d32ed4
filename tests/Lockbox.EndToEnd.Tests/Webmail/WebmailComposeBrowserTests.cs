// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Vault.Tests.Sending;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using OpenQA.Selenium;

namespace Lockbox.EndToEnd.Tests.Webmail;

/// <summary>
/// Issue 6, "compose and send to a local test SMTP sink, then find the encrypted copy in Sent over IMAP", and the leak
/// scan after a web session that wrote mail as well as read it: the real <c>lockbox serve</c> with its relay pointed at
/// a loopback SMTP sink, the message written in Chromium with an attachment picked in the file input.
/// </summary>
public sealed class WebmailComposeBrowserTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_written_in_chromium_reaches_the_relay_and_IMAP_finds_its_copy_in_Sent_with_no_canary_on_disk()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        await using var sink = new SmtpSink();
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string>
        {
            ["LOCKBOX__Smtp__Host"] = "127.0.0.1",
            ["LOCKBOX__Smtp__Port"] = sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The sink is on loopback and speaks no TLS.
            ["LOCKBOX__Smtp__StartTls"] = "false",
        });
        var (subject, body) = (Canary("CANARYSUBJ"), Canary("CANARYBODY"));
        var upload = temp.Combine("notes.bin");
        var content = RandomNumberGenerator.GetBytes(40_000);
        await File.WriteAllBytesAsync(upload, content, Ct);

        using (var browser = WebmailBrowser.Open(server))
        {
            browser.LogIn(Address, Password);
            browser.Driver.FindElement(By.LinkText("Write")).Click();
            browser.Wait.Until(d => d.FindElement(By.Id("to"))).SendKeys("Bob <bob@example.net>");
            browser.Fill("subject", subject);
            browser.Fill("body", "The figures are " + body);
            browser.Driver.FindElement(By.Id("uploads")).SendKeys(upload);
            browser.Click("Send");
            browser.WaitForPath("/mail?box=Sent");
            Assert.Contains(subject, browser.Text, StringComparison.Ordinal);
        }

        var sent = (await sink.NextAsync()).Parse();
        Assert.Equal(subject, sent.Subject);
        Assert.Equal(content, Decoded(Assert.IsType<MimePart>(Assert.Single(sent.Attachments))));

        using (var imap = new ImapClient())
        {
            await imap.ConnectAsync(server.Listeners["imap"].Address.ToString(), server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
            await imap.AuthenticateAsync(Address, Password, Ct);
            var sentFolder = await imap.GetFolderAsync("Sent", Ct);
            await sentFolder.OpenAsync(FolderAccess.ReadOnly, Ct);
            var copy = await sentFolder.GetMessageAsync(Assert.Single(await sentFolder.SearchAsync(MailKit.Search.SearchQuery.All, Ct)), Ct);
            Assert.Equal(subject, copy.Subject);
            Assert.Contains(body, copy.TextBody, StringComparison.Ordinal);
            Assert.Equal(content, Decoded(Assert.IsType<MimePart>(Assert.Single(copy.Attachments))));
            await imap.DisconnectAsync(true, Ct);
        }

        Assert.Equal(0, await server.StopAsync());
        var leaks = LeakScanner.Scan([subject, body], data, ("server log", server.Log));
        Assert.True(leaks.Count == 0, LeakScanner.Describe(leaks));
    }

    static byte[] Decoded(MimePart part)
    {
        using var decoded = new MemoryStream();
        part.Content!.DecodeTo(decoded);
        return decoded.ToArray();
    }

    static string Canary(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
