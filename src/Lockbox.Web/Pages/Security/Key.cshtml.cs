// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET and POST /security/key: upload my own key. The first POST (<c>handler=check</c>: armored text or a file)
/// changes nothing and shows Vault's verdict in plain words with the modes the key can take; the second
/// (<c>handler=import</c>) carries the same file back (base64, in the form: the server keeps nothing between the two)
/// with the password, the mode and the key's passphrase if needed.
/// </summary>
public sealed class KeyModel(ILogger<KeyModel> logger) : SecurityPageModel
{
    [BindProperty]
    public string? KeyText { get; set; }

    [BindProperty]
    public IFormFile? KeyFile { get; set; }

    [BindProperty]
    public string? KeyData { get; set; }

    [BindProperty]
    public KeyUploadMode Mode { get; set; }

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string? KeyPassphrase { get; set; }

    [BindProperty]
    public bool DiscardServerKeys { get; set; }

    /// <summary>The verdict after a check; null before.</summary>
    public KeyCheckResult? Check { get; private set; }

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostCheckAsync()
    {
        byte[] data;
        if (KeyFile is { Length: > 0 })
        {
            using var buffer = new MemoryStream();
            await KeyFile.CopyToAsync(buffer, HttpContext.RequestAborted);
            data = buffer.ToArray();
        }
        else if (!string.IsNullOrWhiteSpace(KeyText))
        {
            data = Encoding.UTF8.GetBytes(KeyText);
        }
        else
        {
            return Refused("Paste an armored key or choose a key file.");
        }

        KeyData = Convert.ToBase64String(data);
        KeyText = null;
        Check = await Portal.CheckKeyAsync(Address, data, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync()
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(KeyData ?? "");
        }
        catch (FormatException)
        {
            return BadRequest();
        }

        KeyUploadResult result;
        try
        {
            result = await Portal.ImportKeyAsync(
                Address, new KeyUpload(data, Password, Mode, string.IsNullOrEmpty(KeyPassphrase) ? null : KeyPassphrase, DiscardServerKeys), HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            // Show the verdict again so the form can be corrected; the key stays in the form, the secrets do not.
            Check = await Portal.CheckKeyAsync(Address, data, HttpContext.RequestAborted);
            return Refused(e);
        }

        Log.KeyImported(logger, Address, result.Fingerprint, result.Mode);
        return Redirect("/security?done=key");
    }

    /// <summary>A mode in plain words.</summary>
    public static string Describe(KeyUploadMode mode) => mode switch
    {
        KeyUploadMode.MailboxPassword => "Keep the key on the server, protected by my password (the key's own passphrase, if any, is the same or none).",
        KeyUploadMode.OtherPassphrase => "Keep the key on the server, protected by my password instead of the key's own passphrase.",
        KeyUploadMode.KeepPassphrase => "Keep the key under its own passphrase, asked after each sign-in (two passwords).",
        KeyUploadMode.PublicKeyOnly => "Zero-access: the server keeps only the public key and can never read my mail again; mail cannot be shown here.",
        _ => mode.ToString(),
    };
}
