// SPDX-License-Identifier: MIT
using System.Globalization;
using Lockbox.FrontEnd.Throttling;
using Lockbox.Vault.Contracts;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages;

/// <summary>
/// GET and POST /login. The same failure as IMAP's (src/Lockbox.Imap/Handlers/Authenticator.cs): unknown address and
/// wrong password give one text after the same work; the shared <see cref="LoginThrottle"/> is asked first, so a
/// throttled guess costs no Argon2 run. POST /login is also limited per client address by ASP.NET Core's rate limiter.
/// </summary>
public sealed class LoginModel(ISessionService sessions, LoginThrottle throttle, WebSessionRegistry registry, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>The text for every failed login, whatever was wrong.</summary>
    public const string FailureText = "Sign-in failed: the address or the password is wrong.";

    /// <summary>Where a session that the mailbox's encryption made outdated is sent (<see cref="SessionOutdatedException"/>).</summary>
    public const string OutdatedPath = "/login?outdated=true";

    /// <summary>Why the user must sign in again, when a session was ended under them.</summary>
    public string? Notice { get; private set; }

    [BindProperty]
    public string Address { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string? Passphrase { get; set; }

    public string? Error { get; private set; }

    public bool NeedPassphrase { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool outdated = false)
    {
        if (await registry.FindAsync(SessionCookie.Read(HttpContext)) is not null)
        {
            return Redirect("/mail");
        }

        Notice = outdated ? "Your mailbox was encrypted after you signed in. Sign in again to read it." : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var address = Address.Trim();
        var client = HttpContext.Connection.RemoteIpAddress;
        var wait = throttle.RetryAfter(address, client);
        if (wait > TimeSpan.Zero)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            Log.LoginThrottled(logger, client, seconds);
            WebMetrics.Login("throttled");
            return Fail(StatusCodes.Status429TooManyRequests, "Too many failed sign-ins; try again in " + seconds.ToString(CultureInfo.InvariantCulture) + " s.");
        }

        IMailSession mail;
        try
        {
            mail = string.IsNullOrEmpty(Passphrase)
                ? await sessions.OpenSessionAsync(address, Password, HttpContext.RequestAborted)
                : await sessions.OpenSessionAsync(address, Password, Passphrase, HttpContext.RequestAborted);
        }
        catch (AuthenticationFailedException)
        {
            throttle.Failed(address, client);
            Log.LoginFailed(logger, client);
            WebMetrics.Login("failed");
            NeedPassphrase = !string.IsNullOrEmpty(Passphrase);
            return Fail(StatusCodes.Status401Unauthorized, FailureText);
        }
        catch (KeyPassphraseRequiredException)
        {
            // The password was right (it clears the throttle as in IMAP); the key needs its second secret.
            throttle.Succeeded(address);
            NeedPassphrase = true;
            Password = "";
            return Page();
        }
        catch (PasswordChangeRequiredException)
        {
            throttle.Succeeded(address);
            return Redirect("/password-change-required");
        }

        throttle.Succeeded(address);
        registry.SignIn(HttpContext, mail);
        WebMetrics.Login("ok");
        Log.LoggedIn(logger, mail.Address);
        return Redirect("/mail");
    }

    PageResult Fail(int status, string error)
    {
        Response.StatusCode = status;
        Error = error;
        Password = "";
        Passphrase = null;
        return Page();
    }
}
