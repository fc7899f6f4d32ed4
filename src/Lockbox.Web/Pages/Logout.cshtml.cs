// SPDX-License-Identifier: MIT
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages;

/// <summary>POST /logout: ends the Vault session at once (its key is dropped before the answer), then forgets the cookie.</summary>
public sealed class LogoutModel(WebSessionRegistry registry, ILogger<LogoutModel> logger) : PageModel
{
    public IActionResult OnGet() => Redirect("/login");

    public async Task<IActionResult> OnPostAsync()
    {
        var id = SessionCookie.Read(HttpContext);
        if (await registry.FindAsync(id) is { } session)
        {
            Log.LoggedOut(logger, session.Address);
        }

        await registry.SignOutAsync(HttpContext);
        // The browser drops what it may still hold of the pages shown (W3C Clear Site Data).
        Response.Headers["Clear-Site-Data"] = "\"cache\"";
        return Redirect("/login");
    }
}
