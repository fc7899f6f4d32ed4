// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Lockbox.EndToEnd.Tests.Cli;
using Lockbox.EndToEnd.Tests.Infrastructure;
using OpenQA.Selenium;

namespace Lockbox.EndToEnd.Tests.Webmail;

/// <summary>
/// Issue 6, "end-to-end tests in a real headless Chromium": the real <c>lockbox serve</c> with mail delivered over LMTP,
/// and a user who does everything in the browser: reads and downloads, turns encryption on and watches it finish,
/// uploads a weak key then a good one, changes the password, and opts out of escrow. Each step is checked where it
/// lands (the page, the downloaded bytes, the data directory), and the main pages are saved as screenshots.
/// </summary>
public sealed class WebmailBrowserTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_encrypted_message_delivered_over_LMTP_reads_in_chromium_and_its_attachment_downloads_byte_for_byte()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        await using var server = await LockboxServer.StartAsync(data);
        var attachment = RandomNumberGenerator.GetBytes(48_000);
        var (subject, body) = (Canary("CANARYSUBJ"), Canary("CANARYBODY"));
        await DeliverAsync(server, WithAttachment(subject, body, "figures 2024 é.bin", attachment));

        using var browser = WebmailBrowser.Open(server);
        browser.LogIn(Address, Password);
        browser.Driver.FindElement(By.LinkText(subject)).Click();
        browser.Wait.Until(d => d.FindElement(By.Id("attachments")));
        Assert.Contains(body, browser.Text, StringComparison.Ordinal);
        browser.Screenshot("message");
        browser.Driver.FindElement(By.PartialLinkText("figures 2024")).Click();

        Assert.Equal(attachment, await browser.DownloadedAsync("figures 2024 é.bin"));
        Assert.Equal(0, await server.StopAsync());
        var leaks = LeakScanner.Scan([subject, body], data, ("server log", server.Log));
        Assert.True(leaks.Count == 0, LeakScanner.Describe(leaks));
    }

    [Fact]
    public async Task Turning_encryption_on_in_chromium_reaches_100_percent_and_leaves_readable_mail_and_no_cleartext()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: false);
        await using var server = await LockboxServer.StartAsync(data);
        var canaries = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = CanaryMessage.Create(Address);
            canaries.AddRange(message.Canaries);
            await DeliverAsync(server, message.Bytes);
        }

        using var browser = WebmailBrowser.Open(server);
        browser.LogIn(Address, Password);
        browser.Go("/security");
        browser.Driver.FindElement(By.LinkText("Encrypt my mailbox")).Click();
        browser.WaitForPath("/security/encrypt");
        browser.Check("/security/encrypt", "Agree");
        browser.Fill("password", Password);
        browser.Screenshot("security-encrypt");
        browser.Click("Encrypt my mailbox");
        browser.WaitForPath("/security/progress");
        // The page refreshes itself (a meta refresh, no script) until the job is done.
        // Both read from one page: the last refresh may replace it between two reads.
        var done = browser.Wait.Until(d => d.FindElement(By.Id("percent")).Text is var percent && percent.StartsWith("100 %", StringComparison.Ordinal)
            ? new[] { percent, d.FindElement(By.Id("bar")).GetAttribute("value") }
            : null);
        Assert.Equal(["100 % (3 of 3 messages)", "100"], done);
        browser.Screenshot("security-progress");

        browser.Go("/security");
        Assert.Contains("Encrypted with your key", browser.Driver.FindElement(By.Id("protection")).Text, StringComparison.Ordinal);
        browser.Go("/mail");
        Assert.Contains(canaries[0], browser.Text, StringComparison.Ordinal);
        browser.Driver.FindElement(By.PartialLinkText(canaries[0])).Click();
        browser.Wait.Until(d => d.FindElement(By.Id("attachments")));
        Assert.Contains(canaries[1], browser.Text, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
        var leaks = LeakScanner.Scan(canaries, data, ("server log", server.Log));
        Assert.True(leaks.Count == 0, LeakScanner.Describe(leaks));
    }

    [Fact]
    public async Task A_weak_key_shows_the_rule_it_breaks_and_a_good_key_uploaded_after_it_becomes_the_mailbox_key()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        using var gpg = new GpgHome();
        var weakFingerprint = await gpg.GenerateWeakRsaAsync("weak@example.org");
        var weak = await gpg.ExportPublicAsync("weak@example.org");
        var goodFingerprint = await gpg.GenerateAsync(Address, "own key passphrase");
        var good = await gpg.ExportPublicAsync(Address);
        await using var server = await LockboxServer.StartAsync(data);

        using var browser = WebmailBrowser.Open(server);
        browser.LogIn(Address, Password);
        browser.Go("/security");
        var before = browser.Driver.FindElement(By.Id("fingerprint")).Text;
        browser.Driver.FindElement(By.LinkText("Upload my own key")).Click();
        browser.Paste("text", weak);
        browser.Click("Check the key");
        var reasons = browser.Wait.Until(d => d.FindElement(By.Id("reasons"))).Text;
        Assert.Contains("2048", reasons, StringComparison.Ordinal);
        Assert.Contains("1024", reasons, StringComparison.Ordinal);
        Assert.Contains(weakFingerprint[^16..], browser.Text.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(browser.Driver.FindElements(By.XPath("//button[normalize-space()='Import the key']")));
        browser.Screenshot("security-key-weak");

        browser.Driver.FindElement(By.LinkText("Check another key")).Click();
        browser.Paste("text", good);
        browser.Click("Check the key");
        browser.Wait.Until(d => d.FindElement(By.Id("verdict")));
        // Zero-access: the server's own secret key goes, which the user confirms having downloaded.
        browser.Check("/security/key?handler=import", "DiscardServerKeys");
        browser.Fill("password", Password);
        browser.Screenshot("security-key-good");
        browser.Click("Import the key");
        browser.WaitForPath("/security?done=key");

        var after = browser.Driver.FindElement(By.Id("fingerprint")).Text;
        Assert.NotEqual(before, after);
        Assert.Equal(goodFingerprint, after.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true);
    }

    [Fact]
    public async Task A_password_changed_in_chromium_opens_the_old_mail_and_the_old_password_no_longer_does()
    {
        const string NewPassword = "a new and longer passphrase";
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        await using var server = await LockboxServer.StartAsync(data);
        var message = CanaryMessage.Create(Address);
        await DeliverAsync(server, message.Bytes);

        using var browser = WebmailBrowser.Open(server);
        browser.LogIn(Address, Password);
        browser.Go("/security/password");
        browser.Fill("old", Password);
        browser.Fill("new", NewPassword);
        browser.Fill("confirm", NewPassword);
        browser.Screenshot("security-password");
        browser.Click("Change password");
        browser.WaitForPath("/security?done=password");
        browser.LogOut();

        browser.SubmitLogin(Address, Password);
        browser.WaitForPath("/login");
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("p.error[role=alert]")));
        browser.LogIn(Address, NewPassword);
        browser.Driver.FindElement(By.PartialLinkText(message.Canaries[0])).Click();
        browser.Wait.Until(d => d.FindElement(By.Id("attachments")));
        Assert.Contains(message.Canaries[1], browser.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opting_out_of_escrow_in_chromium_drops_the_copy_and_the_security_page_lists_the_event()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        var optOut = new Dictionary<string, string> { ["LOCKBOX__Escrow__Mode"] = "opt-out" };
        CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", temp.Combine("master"), "--shares", "3", "--threshold", "2"));
        CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, optOut, "escrow", "install-master", Path.Combine(temp.Combine("master"), "master.pub.asc"), "--data", data));
        CliAssert.Succeeds(await LockboxCli.RunAsync(Password + "\n", optOut, "user", "add", Address, "--password-stdin", "--encrypt", "--data", data));
        await using var server = await LockboxServer.StartAsync(data, optOut);

        using var browser = WebmailBrowser.Open(server);
        browser.LogIn(Address, Password);
        browser.Go("/security");
        Assert.Contains("the provider keeps a copy of your keys", browser.Driver.FindElement(By.Id("escrow")).Text, StringComparison.Ordinal);
        browser.Driver.FindElement(By.LinkText("Key escrow")).Click();
        browser.WaitForPath("/security/escrow");
        Assert.NotEmpty(browser.Driver.FindElement(By.Id("optout-text")).Text);
        browser.Check("/security/escrow?handler=optout", "Agree");
        browser.Fill("password", Password);
        browser.Screenshot("security-escrow");
        browser.Click("Opt out of escrow");
        browser.WaitForPath("/security?done=escrow-opt-out");

        Assert.Contains("the provider keeps no copy of your keys", browser.Driver.FindElement(By.Id("escrow")).Text, StringComparison.Ordinal);
        var row = browser.Driver.FindElement(By.CssSelector("tr[data-event='escrow-opt-out']"));
        Assert.Contains("opted out", row.Text, StringComparison.Ordinal);
        // Tall enough for the whole page, events included.
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(1200, 1500);
        browser.Screenshot("security");
    }

    static string Canary(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    static async Task DeliverAsync(LockboxServer server, byte[] message)
    {
        await using var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        Assert.Equal(250, Assert.Single(await lmtp.SendAsync("bob@example.net", [Address], message)).Code);
    }

    /// <summary>A text message with one base64 attachment whose file name needs RFC 2231 encoding.</summary>
    static byte[] WithAttachment(string subject, string body, string fileName, byte[] content)
    {
        var text = new StringBuilder()
            .Append("From: Bob <bob@example.net>\r\nTo: ").Append(Address).Append("\r\nSubject: ").Append(subject)
            .Append("\r\nDate: Mon, 08 Jan 2024 10:00:00 +0000\r\nMessage-ID: <").Append(subject).Append("@example.net>\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n")
            .Append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").Append(body).Append("\r\n")
            .Append("--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n")
            .Append("Content-Disposition: attachment; filename*=utf-8''").Append(Uri.EscapeDataString(fileName)).Append("\r\n\r\n")
            .Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n--b1--\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
