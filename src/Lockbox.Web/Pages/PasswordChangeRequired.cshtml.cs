// SPDX-License-Identifier: MIT
using System.Globalization;
using Lockbox.FrontEnd.Throttling;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages;

/// <summary>
/// GET and POST /password-change-required: where a login with an escrow recovery's one-time password lands
/// (<see cref="PasswordChangeRequiredException"/>). Not signed in: the address, the one-time password and the new
/// password go to <see cref="IKeyPortal.ChangePasswordAsync"/>, then the user is signed in with the new password. It
/// takes a password, so it is throttled like /login (the shared <see cref="LoginThrottle"/>, asked first) and fails
/// with one text for an unknown address and a wrong password.
/// </summary>
public sealed class PasswordChangeRequiredModel(
    IKeyPortal portal, ISessionService sessions, LoginThrottle throttle, WebSessionRegistry registry, ILogger<PasswordChangeRequiredModel> logger) : PageModel
{
    [BindProperty]
    public string Address { get; set; } = "";

    [BindProperty]
    public string OneTimePassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    public string? Error { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var address = Address.Trim();
        var client = HttpContext.Connection.RemoteIpAddress;
        var wait = throttle.RetryAfter(address, client);
        if (wait > TimeSpan.Zero)
        {
            return Fail(StatusCodes.Status429TooManyRequests, "Too many failed attempts; try again in " + ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s.");
        }

        if (NewPassword != ConfirmPassword)
        {
            return Fail(StatusCodes.Status400BadRequest, "The new password and its confirmation differ.");
        }

        try
        {
            await portal.ChangePasswordAsync(address, OneTimePassword, NewPassword, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e) when (e.Error == KeyPortalError.WrongPassword)
        {
            throttle.Failed(address, client);
            Log.LoginFailed(logger, client);
            return Fail(StatusCodes.Status401Unauthorized, "The address or the one-time password is wrong.");
        }
        catch (KeyPortalException e)
        {
            return Fail(StatusCodes.Status400BadRequest, e.Message);
        }

        throttle.Succeeded(address);
        Log.ForcedPasswordChanged(logger, address);
        IMailSession mail;
        try
        {
            mail = await sessions.OpenSessionAsync(address, NewPassword, HttpContext.RequestAborted);
        }
        catch (KeyPassphraseRequiredException)
        {
            // Two-password mode: the key passphrase is asked on the login form.
            return Redirect("/login");
        }

        registry.SignIn(HttpContext, mail);
        Log.LoggedIn(logger, mail.Address);
        return Redirect("/mail");
    }

    PageResult Fail(int status, string error)
    {
        Response.StatusCode = status;
        Error = error;
        return Page();
    }
}
