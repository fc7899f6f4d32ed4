// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET and POST /security/passphrase: two-password mode on (or a new passphrase, <c>handler=set</c>) or off
/// (<c>handler=remove</c>). With it on, the key has its own passphrase, asked after each sign-in.
/// </summary>
public sealed class PassphraseModel(ILogger<PassphraseModel> logger) : SecurityPageModel
{
    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string? CurrentPassphrase { get; set; }

    [BindProperty]
    public string NewPassphrase { get; set; } = "";

    [BindProperty]
    public string ConfirmPassphrase { get; set; } = "";

    /// <summary>Whether two-password mode is on now.</summary>
    public bool On { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await ReadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostSetAsync()
    {
        await ReadAsync();
        if (NewPassphrase != ConfirmPassphrase)
        {
            return Refused("The new passphrase and its confirmation differ.");
        }

        try
        {
            await Portal.SetKeyPassphraseAsync(Address, Password, On ? CurrentPassphrase ?? "" : null, NewPassphrase, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.KeyPassphraseChanged(logger, Address, "set");
        return Redirect("/security?done=passphrase-on");
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        await ReadAsync();
        try
        {
            await Portal.RemoveKeyPassphraseAsync(Address, Password, CurrentPassphrase ?? "", HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.KeyPassphraseChanged(logger, Address, "removed");
        return Redirect("/security?done=passphrase-off");
    }

    async Task ReadAsync() => On = (await Portal.GetStatusAsync(Address, HttpContext.RequestAborted)).KeyPassphrase;
}
