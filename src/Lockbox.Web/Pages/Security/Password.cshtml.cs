// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET and POST /security/password: the signed-in user's password change (old, new, confirm). Vault re-protects every
/// secret key under the new password; the mail is kept. The session stays open.
/// </summary>
public sealed class PasswordModel(ILogger<PasswordModel> logger) : SecurityPageModel
{
    [BindProperty]
    public string OldPassword { get; set; } = "";

    [BindProperty]
    public string NewPassword { get; set; } = "";

    [BindProperty]
    public string ConfirmPassword { get; set; } = "";

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (NewPassword != ConfirmPassword)
        {
            return Refused("The new password and its confirmation differ.");
        }

        try
        {
            await Portal.ChangePasswordAsync(Address, OldPassword, NewPassword, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.PasswordChanged(logger, Address);
        return Redirect("/security?done=password");
    }
}
