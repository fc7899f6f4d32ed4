// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Lockbox.Web.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
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
        Screenshot(driver, "login");
        driver.FindElement(By.Id("address")).SendKeys("alice@example.org");
        driver.FindElement(By.Id("password")).SendKeys("pw-alice-1");
        driver.FindElement(By.CssSelector("form[action='/login'] button")).Click();
        wait.Until(d => d.Url.EndsWith("/mail", StringComparison.Ordinal));
        Screenshot(driver, "mail-list");
        driver.FindElement(By.LinkText("Newsletter")).Click();
        var frame = wait.Until(d => d.FindElement(By.CssSelector("iframe.body")));
        driver.SwitchTo().Frame(frame);
        // HtmlSanitizer drops id attributes (no DOM clobbering of the frame), so the paragraph is found by its tag.
        Assert.Equal("Hello from the newsletter", wait.Until(d => d.FindElement(By.TagName("p"))).Text);
        driver.SwitchTo().DefaultContent();
        // Let anything the body might start reach the watcher.
        await Task.Delay(1500, TestContext.Current.CancellationToken);

        Assert.Empty(watcher.Requests);
        Screenshot(driver, "message-images-blocked");
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
        Screenshot(driver, "mail-list-phone");
    }

    /// <summary>Saves the page as a test artifact, <c>screenshots/NAME.png</c> next to the test assembly (docs/screenshots holds copies).</summary>
    internal static void Screenshot(ChromeDriver driver, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        driver.GetScreenshot().SaveAsFile(Path.Combine(directory.FullName, name + ".png"));
    }

    /// <summary>A local HTTP server that records the path of every request it gets.</summary>
    sealed class RequestWatcher : IDisposable
    {
        readonly HttpListener _listener = new();
        readonly ConcurrentQueue<string> _requests = new();

        public RequestWatcher()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public IReadOnlyCollection<string> Requests => [.. _requests];

        async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                _requests.Enqueue(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = 404;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
