// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET and POST /security/encrypt: "encrypt my mailbox". The page shows the consent text exactly as Vault records it
/// and sends its label back, so Vault refuses if the text changed meanwhile; the POST needs the box ticked and the
/// password, starts the job and goes to the progress page.
/// </summary>
public sealed class EncryptModel(ISessionService sessions, WebSessionRegistry registry, ILogger<EncryptModel> logger) : SecurityPageModel
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
        await RenewSessionAsync();
        return Redirect("/security/progress");
    }

    /// <summary>
    /// The signed-in session was opened while the mailbox had no key, so it cannot read what the job encrypts. A new one,
    /// opened with the password that was just checked, unlocks the new key; it gets a new cookie ID too, as after any
    /// change of what a session may do. The old session closes once this request has let go of it.
    /// </summary>
    async Task RenewSessionAsync()
    {
        var renewed = await sessions.OpenSessionAsync(Address, Password, HttpContext.RequestAborted);
        var old = SessionCookie.Read(HttpContext);
        registry.SignIn(HttpContext, renewed);
        Response.OnCompleted(() => registry.RemoveAsync(old));
    }
}
