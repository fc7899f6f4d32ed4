// SPDX-License-Identifier: MIT
using OpenQA.Selenium.Chrome;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>
/// Debian's chromium driven by Debian's chromium-driver, headless, without background traffic (scripts/test.sh installs
/// both). Skips the test outside CI when they are missing; in CI (CI=true) they must be there.
/// </summary>
internal static class HeadlessChromium
{
    const string Chromium = "/usr/bin/chromium";
    const string ChromeDriver = "/usr/bin/chromedriver";

    /// <summary>
    /// A new browser; dispose the driver, then the service. Files it downloads land in <paramref name="downloads"/>
    /// when given, without asking.
    /// </summary>
    public static (ChromeDriverService Service, ChromeDriver Driver) Start(string? downloads = null)
    {
        var installed = File.Exists(Chromium) && File.Exists(ChromeDriver);
        Assert.SkipUnless(installed || Environment.GetEnvironmentVariable("CI") == "true", "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        Assert.True(installed, "CI=true but chromium or chromedriver is missing: scripts/test.sh installs them");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,900");
        if (downloads is not null)
        {
            options.AddUserProfilePreference("download.default_directory", downloads);
            options.AddUserProfilePreference("download.prompt_for_download", false);
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        return (service, new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }

    /// <summary>Saves the page as a test artifact, <c>screenshots/NAME.png</c> next to the test assembly (docs/screenshots holds copies).</summary>
    public static void Screenshot(ChromeDriver driver, string name)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        driver.GetScreenshot().SaveAsFile(Path.Combine(directory.FullName, name + ".png"));
    }
}
