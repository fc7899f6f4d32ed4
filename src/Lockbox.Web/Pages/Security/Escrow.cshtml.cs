// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET and POST /security/escrow: the escrow setting and the user's choice, with the consent and opt-out texts exactly
/// as Vault records them (their labels go back with the POST). <c>handler=consent</c> copies the keys to the
/// provider's master key; <c>handler=optout</c> deletes every copy.
/// </summary>
public sealed class EscrowModel(ILogger<EscrowModel> logger) : SecurityPageModel
{
    [BindProperty]
    public string ConsentLabel { get; set; } = "";

    [BindProperty]
    public bool Agree { get; set; }

    [BindProperty]
    public string Password { get; set; } = "";

    public EscrowStatus Status { get; private set; } = null!;

    public ConsentDocument ConsentText { get; private set; } = null!;

    public ConsentDocument OptOutText { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        await ReadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostConsentAsync()
    {
        await ReadAsync();
        if (!Agree)
        {
            return Refused("Tick the box to agree to the text; nothing was changed.");
        }

        try
        {
            await Portal.ConsentToEscrowAsync(Address, Password, ConsentLabel, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.EscrowChosen(logger, Address, "consent");
        return Redirect("/security?done=escrow-consent");
    }

    public async Task<IActionResult> OnPostOptOutAsync()
    {
        await ReadAsync();
        if (!Agree)
        {
            return Refused("Tick the box to confirm you read the warning; nothing was changed.");
        }

        try
        {
            await Portal.OptOutOfEscrowAsync(Address, Password, ConsentLabel, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.EscrowChosen(logger, Address, "opt-out");
        return Redirect("/security?done=escrow-opt-out");
    }

    async Task ReadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Status = (await Portal.GetStatusAsync(Address, ct)).Escrow;
        ConsentText = await Portal.GetConsentTextAsync(ConsentKind.Escrow, ct);
        OptOutText = await Portal.GetConsentTextAsync(ConsentKind.EscrowOptOut, ct);
    }
}
