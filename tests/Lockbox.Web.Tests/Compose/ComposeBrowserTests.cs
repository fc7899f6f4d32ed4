// SPDX-License-Identifier: MIT
using Lockbox.Web.Tests.Infrastructure;
using MimeKit;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Lockbox.Web.Tests.Compose;

/// <summary>Compose and send in a real headless Chromium, to the loopback SMTP sink, with an attachment picked in the file input.</summary>
public sealed class ComposeBrowserTests
{
    [Fact]
    public async Task A_message_written_in_the_browser_reaches_the_relay_and_its_encrypted_copy_is_in_Sent()
    {
        await using var web = await ComposeWebmail.StartAsync();
        var (chromeService, driver) = HeadlessChromium.Start();
        using var serviceScope = chromeService;
        using var driverScope = driver;
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
        var subject = "CANARYSUBJ-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]);
        var upload = Path.Combine(Directory.CreateTempSubdirectory("lockbox-upload-").FullName, "notes.bin");
        var content = new byte[40_000];
        new Random(9).NextBytes(content);
        await File.WriteAllBytesAsync(upload, content, TestContext.Current.CancellationToken);

        try
        {
            driver.Navigate().GoToUrl(new Uri(web.Server.BaseAddress, "/login"));
            driver.FindElement(By.Id("address")).SendKeys(ComposeWebmail.Address);
            driver.FindElement(By.Id("password")).SendKeys(ComposeWebmail.Password);
            driver.FindElement(By.CssSelector("form[action='/login'] button")).Click();
            wait.Until(d => d.Url.EndsWith("/mail", StringComparison.Ordinal));
            driver.FindElement(By.LinkText("Write")).Click();
            wait.Until(d => d.FindElement(By.Id("to"))).SendKeys("Bob <bob@example.net>");
            driver.FindElement(By.Id("subject")).SendKeys(subject);
            driver.FindElement(By.Id("body")).SendKeys("Written in Chromium.");
            driver.FindElement(By.Id("uploads")).SendKeys(upload);
            HeadlessChromium.Screenshot(driver, "compose");
            driver.FindElement(By.XPath("//button[text()='Send']")).Click();
            try
            {
                wait.Until(d => d.Url.EndsWith("/mail?box=Sent", StringComparison.Ordinal));
            }
            catch (WebDriverTimeoutException)
            {
                Assert.Fail(driver.Url + ": " + driver.PageSource[..Math.Min(3000, driver.PageSource.Length)]);
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(upload)!, recursive: true);
        }

        var received = (await web.Sink.NextAsync()).Parse();
        Assert.Equal(subject, received.Subject);
        var part = Assert.IsType<MimePart>(Assert.Single(received.Attachments));
        Assert.Equal("notes.bin", part.FileName);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded, TestContext.Current.CancellationToken);
        Assert.Equal(content, decoded.ToArray());
        Assert.Contains(subject, driver.PageSource, StringComparison.Ordinal);
        Assert.Equal(subject, Assert.Single(await web.MailboxAsync("Sent")).Message.Subject);
        Assert.Empty(DiskScan.FilesContaining(web.Server.Root, subject));
    }
}
