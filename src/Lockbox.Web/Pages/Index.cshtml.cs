// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lockbox.Web.Pages;

/// <summary>GET /: the mail page, which sends a visitor without a session on to /login.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/mail");
}
