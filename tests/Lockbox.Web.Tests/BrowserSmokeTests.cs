// SPDX-License-Identifier: MIT
using Lockbox.Web.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Lockbox.Web.Tests;

/// <summary>
/// One end-to-end run in a real headless Chromium (Debian's chromium and chromium-driver, which scripts/test.sh
/// installs): log in, open an HTML message, and watch a local HTTP server for the requests a tracking image, a script or
/// an event handler would make. Skipped only outside CI when the browser is missing; in CI (CI=true) it must run.
/// </summary>
public sealed class BrowserSmokeTests
{
    [Fact]
    public async Task Opening_an_HTML_message_loads_no_tracker_and_runs_no_script_until_images_are_asked_for()
    {
        using var watcher = new RequestWatcher();
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        await server.DeliverAsync("alice@example.org", Mails.Html("Newsletter",
            $"<p>Hello from the newsletter</p><img src=\"{watcher.Url}track.gif\">" +
            $"<div style=\"background-image: url('{watcher.Url}background.png')\">styled</div>" +
            $"<script>top.pwned = 1; new Image().src = '{watcher.Url}script';</script>" +
            $"<img src=\"x\" onerror=\"new Image().src = '{watcher.Url}onerror'\">" +
            $"<svg><image href=\"{watcher.Url}svg.png\"/></svg>"));

        var (chromeService, driver) = HeadlessChromium.Start();
        using var serviceScope = chromeService;
        using var driverScope = driver;
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));

        driver.Navigate().GoToUrl(new Uri(server.BaseAddress, "/login"));
        HeadlessChromium.Screenshot(driver, "login");
        driver.FindElement(By.Id("address")).SendKeys("alice@example.org");
        driver.FindElement(By.Id("password")).SendKeys("pw-alice-1");
        driver.FindElement(By.CssSelector("form[action='/login'] button")).Click();
        wait.Until(d => d.Url.EndsWith("/mail", StringComparison.Ordinal));
        HeadlessChromium.Screenshot(driver, "mail-list");
        driver.FindElement(By.LinkText("Newsletter")).Click();
        var frame = wait.Until(d => d.FindElement(By.CssSelector("iframe.body")));
        driver.SwitchTo().Frame(frame);
        // HtmlSanitizer drops id attributes (no DOM clobbering of the frame), so the paragraph is found by its tag.
        Assert.Equal("Hello from the newsletter", wait.Until(d => d.FindElement(By.TagName("p"))).Text);
        driver.SwitchTo().DefaultContent();
        // Let anything the body might start reach the watcher.
        await Task.Delay(1500, TestContext.Current.CancellationToken);

        Assert.Empty(watcher.Requests);
        HeadlessChromium.Screenshot(driver, "message-images-blocked");
        Assert.True((bool)((IJavaScriptExecutor)driver).ExecuteScript("return typeof window.pwned === 'undefined';")!);

        // The watcher does see what the browser loads once the reader asks for images: the check above can fail.
        driver.FindElement(By.XPath("//button[text()='Load images']")).Click();
        wait.Until(_ => watcher.Requests.Contains("/track.gif"));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("/script", watcher.Requests);
        Assert.DoesNotContain("/onerror", watcher.Requests);
        Assert.DoesNotContain("/svg.png", watcher.Requests);
        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        driver.Navigate().GoToUrl(new Uri(server.BaseAddress, "/mail"));
        HeadlessChromium.Screenshot(driver, "mail-list-phone");
    }
}
