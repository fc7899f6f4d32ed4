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
/// Issue 6, "compose and send to a local test SMTP sink, then find the encrypted copy in Sent over IMAP", and "leak scan
/// after a full web session": the real <c>lockbox serve</c> with its relay pointed at a loopback SMTP sink; in one
/// Chromium session the user searches for a delivered message, reads it, downloads its attachment, and writes a message
/// with an attachment picked in the file input. No canary of either message is on disk or in the log afterwards.
/// </summary>
public sealed class WebmailComposeBrowserTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chromium_session_that_searches_reads_downloads_and_sends_leaves_no_canary_and_IMAP_finds_the_copy_in_Sent()
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

        var (delivered, other) = (CanaryMessage.Create(Address), CanaryMessage.Create(Address));
        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("bob@example.net", [Address], delivered.Bytes)).Code);
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("bob@example.net", [Address], other.Bytes)).Code);
        }

        using (var browser = WebmailBrowser.Open(server))
        {
            browser.LogIn(Address, Password);
            // Search the encrypted index for the body canary, open the hit, download its attachment.
            browser.Fill("q", delivered.Canaries[1]);
            browser.Driver.FindElement(By.Id("q")).Submit();
            browser.Wait.Until(d => d.Url.Contains("q=", StringComparison.Ordinal));
            Assert.DoesNotContain(other.Canaries[0], browser.Text, StringComparison.Ordinal);
            browser.Driver.FindElement(By.PartialLinkText(delivered.Canaries[0])).Click();
            browser.Wait.Until(d => d.FindElement(By.Id("attachments")));
            Assert.Contains(delivered.Canaries[1], browser.Text, StringComparison.Ordinal);
            browser.Driver.FindElement(By.PartialLinkText(delivered.Canaries[2])).Click();
            Assert.Contains(delivered.Canaries[3], System.Text.Encoding.ASCII.GetString(await browser.DownloadedAsync(delivered.Canaries[2] + ".txt")), StringComparison.Ordinal);

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
        var leaks = LeakScanner.Scan([subject, body, .. delivered.Canaries, .. other.Canaries], data, ("server log", server.Log));
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
