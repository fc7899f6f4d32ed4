// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET and POST /security/encrypt: "encrypt my mailbox". The page shows the consent text exactly as Vault records it
/// and sends its label back, so Vault refuses if the text changed meanwhile; the POST needs the box ticked and the
/// password, starts the job and goes to the progress page.
/// </summary>
public sealed class EncryptModel(ILogger<EncryptModel> logger) : SecurityPageModel
{
    public ConsentDocument Consent { get; private set; } = null!;

    [BindProperty]
    public string ConsentLabel { get; set; } = "";

    [BindProperty]
    public bool Agree { get; set; }

    [BindProperty]
    public string Password { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        Consent = await Portal.GetConsentTextAsync(ConsentKind.Encryption, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Consent = await Portal.GetConsentTextAsync(ConsentKind.Encryption, HttpContext.RequestAborted);
        if (!Agree)
        {
            return Refused("Tick the box to agree to the text above; nothing was changed.");
        }

        try
        {
            await Portal.StartEncryptionAsync(Address, Password, ConsentLabel, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.EncryptionStarted(logger, Address);
        return Redirect("/security/progress");
    }
}
