// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET /security/download: the two downloads. GET <c>?handler=public</c> is the public key; POST (the password again,
/// or the key passphrase in two-password mode) is the secret key, protected for gpg with that secret and written to
/// the user's audit log. Both are attachments of type application/pgp-keys (RFC 3156 section 7) that run nothing.
/// </summary>
public sealed class DownloadModel(ILogger<DownloadModel> logger) : SecurityPageModel
{
    [BindProperty]
    public string KeySecret { get; set; } = "";

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnGetPublicAsync()
    {
        try
        {
            return Attachment(await Portal.DownloadPublicKeyAsync(Address, HttpContext.RequestAborted));
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        KeyDownload download;
        try
        {
            download = await Portal.DownloadSecretKeyAsync(Address, KeySecret, HttpContext.RequestAborted);
        }
        catch (KeyPortalException e)
        {
            return Refused(e);
        }

        Log.SecretKeyDownloaded(logger, Address);
        return Attachment(download);
    }

    FileContentResult Attachment(KeyDownload download)
    {
        Response.Headers.ContentSecurityPolicy = SecurityHeaders.DownloadPolicy;
        // File() with a name sends Content-Disposition: attachment with filename and filename* (RFC 6266).
        return File(Encoding.ASCII.GetBytes(download.Armored), download.ContentType, download.FileName);
    }
}
