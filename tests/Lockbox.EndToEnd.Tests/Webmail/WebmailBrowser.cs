// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;
using Lockbox.Web.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Lockbox.EndToEnd.Tests.Webmail;

/// <summary>
/// Debian's headless chromium pointed at the web listener of a real <c>lockbox serve</c>: what a user's browser does,
/// one form and one link at a time. Its downloads land in <see cref="Downloads"/>.
/// </summary>
internal sealed class WebmailBrowser : IDisposable
{
    readonly ChromeDriverService _service;
    readonly Uri _base;
    readonly TempDirectory _downloads = new();

    WebmailBrowser(LockboxServer server)
    {
        _base = new Uri("http://" + server.Listeners["web"] + "/");
        (_service, Driver) = HeadlessChromium.Start(_downloads.Path);
        Wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(30));
        // A page that refreshes itself (the opt-in's progress page) can replace an element between finding it and reading it:
        // the condition is simply tried again on the new page. Chromedriver reports that race either as a stale element or
        // as an unknown error ("Node with given id does not belong to the document"); a lasting error still ends the wait.
        Wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(UnknownErrorException));
    }

    public ChromeDriver Driver { get; }

    public WebDriverWait Wait { get; }

    public string Downloads => _downloads.Path;

    /// <summary>The page's visible text.</summary>
    public string Text => Driver.FindElement(By.TagName("body")).Text;

    public static WebmailBrowser Open(LockboxServer server) => new(server);

    public void Go(string path) => Driver.Navigate().GoToUrl(new Uri(_base, path));

    /// <summary>Fills the login form and submits it; the caller checks where it landed.</summary>
    public void SubmitLogin(string address, string password)
    {
        Go("/login");
        Driver.FindElement(By.Id("address")).SendKeys(address);
        Driver.FindElement(By.Id("password")).SendKeys(password);
        Driver.FindElement(By.CssSelector("form[action='/login'] button")).Click();
    }

    public void LogIn(string address, string password)
    {
        SubmitLogin(address, password);
        WaitForPath("/mail");
    }

    public void LogOut()
    {
        Driver.FindElement(By.CssSelector("form[action='/logout'] button")).Click();
        WaitForPath("/login");
    }

    /// <summary>Types into the field with this id (a password box, a text box).</summary>
    public void Fill(string id, string text)
    {
        var field = Driver.FindElement(By.Id(id));
        field.Clear();
        field.SendKeys(text);
    }

    /// <summary>Sets a long value at once (an armored key: typing it key by key takes seconds).</summary>
    public void Paste(string id, string text) =>
        Driver.ExecuteScript("arguments[0].value = arguments[1];", Driver.FindElement(By.Id(id)), text);

    public void Click(string buttonText) => Driver.FindElement(By.XPath($"//button[normalize-space()='{buttonText}']")).Click();

    /// <summary>Ticks the checkbox named <paramref name="name"/> in the form that posts to <paramref name="formAction"/>.</summary>
    public void Check(string formAction, string name) =>
        Driver.FindElement(By.CssSelector($"form[action='{formAction}'] input[type=checkbox][name='{name}']")).Click();

    /// <summary>Waits until the address bar shows <paramref name="pathAndQuery"/>; fails with the page's text otherwise.</summary>
    public void WaitForPath(string pathAndQuery)
    {
        try
        {
            Wait.Until(d => new Uri(d.Url).PathAndQuery == pathAndQuery);
        }
        catch (WebDriverTimeoutException)
        {
            Assert.Fail($"expected {pathAndQuery}, at {Driver.Url}: {Text}");
        }
    }

    /// <summary>The file chromium saved under <paramref name="name"/>, once the download is complete.</summary>
    public async Task<byte[]> DownloadedAsync(string name)
    {
        var path = Path.Combine(Downloads, name);
        for (var i = 0; i < 300 && !(File.Exists(path) && !File.Exists(path + ".crdownload")); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(path), $"chromium saved no {name}; the download directory holds: {string.Join(", ", Directory.GetFiles(Downloads).Select(Path.GetFileName))}");
        return await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
    }

    public void Screenshot(string name) => HeadlessChromium.Screenshot(Driver, name);

    public void Dispose()
    {
        Driver.Dispose();
        _service.Dispose();
        _downloads.Dispose();
    }
}
