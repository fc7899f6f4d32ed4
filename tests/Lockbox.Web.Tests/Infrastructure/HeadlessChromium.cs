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

    /// <summary>A new browser; dispose the driver, then the service.</summary>
    public static (ChromeDriverService Service, ChromeDriver Driver) Start()
    {
        var installed = File.Exists(Chromium) && File.Exists(ChromeDriver);
        Assert.SkipUnless(installed || Environment.GetEnvironmentVariable("CI") == "true", "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        Assert.True(installed, "CI=true but chromium or chromedriver is missing: scripts/test.sh installs them");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,900");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.HideCommandPromptWindow = true;
        return (service, new ChromeDriver(service, options, TimeSpan.FromSeconds(60)));
    }
}
