// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Mvc;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET /security/progress: the "encrypt my mailbox" job as a server-rendered progress bar. There is no script: until
/// the job is done the page asks the browser to load it again after <see cref="RefreshSeconds"/> (a meta refresh,
/// which no CSP directive governs), and carries a plain link for the same. Without a job it goes back to /security.
/// </summary>
public sealed class ProgressModel : SecurityPageModel
{
    /// <summary>How often the page reloads itself while the job runs.</summary>
    public const int RefreshSeconds = 2;

    public EncryptionProgress Progress { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var progress = await Portal.GetEncryptionProgressAsync(Address, HttpContext.RequestAborted);
        if (progress is null)
        {
            return Redirect("/security");
        }

        Progress = progress;
        return Page();
    }
}
