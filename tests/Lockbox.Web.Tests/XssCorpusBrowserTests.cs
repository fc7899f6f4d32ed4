// SPDX-License-Identifier: MIT
using Lockbox.Web.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Lockbox.Web.Tests;

/// <summary>
/// Issue 6, "XSS corpus", in a real headless Chromium: each message carries one kind of attack, in the body and in the
/// header fields the pages show. Every payload, if it ran, would set <c>pwned</c> on the page's or the frame's window
/// and call a local watcher at <c>/xss/N</c>. The reader opens each message, with remote images blocked and then
/// allowed, clicks whatever links and buttons survived, and checks that nothing ran and nothing called home: with
/// images blocked no request at all, with images loaded images only.
/// </summary>
public sealed class XssCorpusBrowserTests
{
    /// <summary>Script that would prove execution: sets the global and calls home.</summary>
    static string Run(string watcher, int n) => $"top.pwned={n};window.pwned={n};new Image().src='{watcher}xss/{n}'";

    static IReadOnlyList<(string Kind, string Html)> Corpus(string w) =>
    [
        ("script tag", $"<script>{Run(w, 1)}</script>"),
        ("event handler on an image", $"<img src=\"x\" onerror=\"{Run(w, 2)}\">"),
        ("javascript: link", $"<a id=\"go\" href=\"javascript:{Run(w, 3)}\">click me</a>"),
        ("javascript: in CSS", $"<div style=\"background-image:url('javascript:{Run(w, 4)}')\">css url</div>"),
        ("CSS expression", $"<div style=\"width: expression({Run(w, 5)})\">expression</div>"),
        ("SVG onload and script", $"<svg onload=\"{Run(w, 6)}\"><script>{Run(w, 7)}</script><animate onbegin=\"{Run(w, 8)}\" attributeName=\"x\" dur=\"1s\"/></svg>"),
        ("SVG as an image", $"<img src=\"data:image/svg+xml;base64,{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"<svg xmlns='http://www.w3.org/2000/svg' onload=\"{Run(w, 9)}\"/>"))}\">"),
        ("iframe with javascript: and srcdoc", $"<iframe src=\"javascript:{Run(w, 10)}\"></iframe><iframe srcdoc=\"<script>{Run(w, 11)}</script>\"></iframe>"),
        ("object and embed", $"<object data=\"data:text/html,<script>{Run(w, 12)}</script>\"></object><embed src=\"{w}xss/13\">"),
        ("meta refresh", $"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{Run(w, 14)}\">"),
        ("form posting to script", $"<form action=\"javascript:{Run(w, 15)}\"><button id=\"send\">go</button></form>"),
        ("base href", $"<base href=\"javascript:{Run(w, 16)}//\"><a href=\"x\">relative</a>"),
        ("stylesheet calls home", $"<link rel=\"stylesheet\" href=\"{w}xss/17\"><style>@import '{w}xss/18';</style><p>styled</p>"),
        ("CSS background image", $"<style>p {{ background: url('{w}img/29') }}</style><p>a picture</p>"),
        // The control: an image element is fetched as it is parsed, a CSS background only once Chromium lays the frame out,
        // which a loaded machine may put off past any wait.
        ("a remote image", $"<img src=\"{w}img/30\" alt=\"a picture\">"),
        ("split script tag", $"<scr<script>ipt>{Run(w, 20)}</scr</script>ipt>"),
        ("broken attribute quoting", $"<img \"\"\"><script>{Run(w, 21)}</script>\">"),
        ("unclosed tags", $"<<img src=x onerror={Run(w, 22)}//<"),
        ("mutation through style in svg", $"<svg><p><style><img src=x onerror=\"{Run(w, 23)}\"></style></p></svg>"),
        ("mutation through noscript", $"<noscript><p title=\"</noscript><img src=x onerror={Run(w, 24)}>\"></p></noscript>"),
        ("mutation through math", $"<math><mtext><table><mglyph><style><img src=x onerror=\"{Run(w, 25)}\"></style></mglyph></table></mtext></math>"),
        ("data: link to HTML", $"<a id=\"go\" href=\"data:text/html,<script>{Run(w, 26)}</script>\">data link</a>"),
        ("entity-encoded javascript:", $"<a id=\"go\" href=\"&#106;avascript&#58;{Run(w, 27)}\">encoded</a>"),
        ("vbscript and formaction", $"<a href=\"vbscript:msgbox(1)\">vb</a><form><button id=\"send\" formaction=\"javascript:{Run(w, 28)}\">go</button></form>"),
    ];

    [Fact]
    public async Task No_payload_of_the_corpus_runs_or_calls_home_with_images_blocked_or_loaded()
    {
        using var watcher = new RequestWatcher();
        await using var server = await WebTestServer.StartAsync();
        await server.CreateUserAsync("alice@example.org", "pw-alice-1");
        var corpus = Corpus(watcher.Url);
        foreach (var (kind, html) in corpus)
        {
            // The subject carries a payload too: it is shown as text in the list and the message page.
            await server.DeliverAsync("alice@example.org", Mails.Html($"{kind} <script>{Run(watcher.Url, 99)}</script>", html));
        }

        var (chromeService, driver) = HeadlessChromium.Start();
        using var serviceScope = chromeService;
        using var driverScope = driver;
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));
        driver.Navigate().GoToUrl(new Uri(server.BaseAddress, "/login"));
        driver.FindElement(By.Id("address")).SendKeys("alice@example.org");
        driver.FindElement(By.Id("password")).SendKeys("pw-alice-1");
        driver.FindElement(By.CssSelector("form[action='/login'] button")).Click();
        wait.Until(d => d.Url.EndsWith("/mail", StringComparison.Ordinal));
        var ran = new List<string>();
        CheckNothingRan(driver, "the message list", ran);

        foreach (var images in new[] { false, true })
        {
            for (var uid = 1; uid <= corpus.Count; uid++)
            {
                var where = $"message {uid} ({corpus[uid - 1].Kind}{(images ? ", images loaded" : "")})";
                driver.Navigate().GoToUrl(new Uri(server.BaseAddress, $"/mail/message?box=INBOX&uid={uid}{(images ? "&images=1" : "")}"));
                var frame = wait.Until(d => d.FindElement(By.CssSelector("iframe.body")));
                driver.SwitchTo().Frame(frame);
                wait.Until(d => d.FindElement(By.TagName("body")));
                // HtmlSanitizer drops ids, so what survived of a link or button is found by its tag.
                foreach (var element in driver.FindElements(By.CssSelector("a, button")))
                {
                    TryClick(element);
                }

                CheckFrame(driver, where, ran);
                driver.SwitchTo().DefaultContent();
                CheckNothingRan(driver, where, ran);
                if (images && corpus[uid - 1].Html.Contains("img/30", StringComparison.Ordinal))
                {
                    // The control: let the allowed image arrive before the next page cancels it (a loaded machine is slow).
                    new WebDriverWait(driver, TimeSpan.FromSeconds(20)).Until(_ => watcher.Requests.Contains("/img/30"));
                }
            }

            await Task.Delay(1000, TestContext.Current.CancellationToken);
            // Blocked, nothing at all leaves the browser; once the reader loads images, images only (a CSS background is one).
            ran.AddRange(watcher.Requests.Where(r => !images || !r.StartsWith("/img/", StringComparison.Ordinal))
                .Select(r => $"{(images ? "images loaded" : "images blocked")}: the browser requested {r}"));
        }

        Assert.True(ran.Count == 0, string.Join("\n", ran));
        // The watcher does see an image once they are loaded: the checks above can fail.
        Assert.Contains("/img/30", watcher.Requests);
    }

    static void CheckNothingRan(ChromeDriver driver, string where, List<string> ran)
    {
        if (driver.Url.StartsWith("javascript:", StringComparison.Ordinal) || !driver.Url.StartsWith("http://127.0.0.1", StringComparison.Ordinal))
        {
            ran.Add($"{where}: the page navigated to {driver.Url}");
            return;
        }

        if ((bool)driver.ExecuteScript("return typeof window.pwned !== 'undefined';")!)
        {
            ran.Add($"{where}: the page's window.pwned is set");
        }
    }

    static void CheckFrame(ChromeDriver driver, string where, List<string> ran)
    {
        // The frame is sandboxed without allow-scripts, so WebDriver's own script may be refused there as well: that
        // is the sandbox at work, and says nothing ran.
        try
        {
            if ((bool)driver.ExecuteScript("return typeof window.pwned !== 'undefined';")!)
            {
                ran.Add($"{where}: the frame's window.pwned is set");
            }
        }
        catch (JavaScriptException)
        {
        }
    }

    static void TryClick(IWebElement element)
    {
        try
        {
            element.Click();
        }
        catch (Exception e) when (e is ElementNotInteractableException or StaleElementReferenceException or ElementClickInterceptedException)
        {
            // Hidden, replaced or covered: nothing a user could click either.
        }
    }
}
