// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// A page of the Security area (issue 6, item 3; docs/decisions/0023). It calls <see cref="IKeyPortal"/> for the
/// signed-in user only: <see cref="Address"/> comes from the session, never from the request, so no form can name
/// another user. A refusal is shown as <see cref="Error"/> with the portal's one-line message; it changed nothing.
/// </summary>
public abstract class SecurityPageModel : SignedInPageModel
{
    /// <summary>The key portal.</summary>
    protected IKeyPortal Portal => HttpContext.RequestServices.GetRequiredService<IKeyPortal>();

    /// <summary>The signed-in user's address, the only one these pages act on.</summary>
    protected string Address => Session.Address;

    /// <summary>Why the last POST was refused, in one line; null after a GET.</summary>
    public string? Error { get; private set; }

    /// <summary>A key policy rejection's lines (rule and key ID each).</summary>
    public IReadOnlyList<string> Reasons { get; private set; } = [];

    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        return base.OnPageHandlerExecutionAsync(context, async () =>
        {
            ViewData["Address"] = Session.Address;
            return await next();
        });
    }

    /// <summary>Shows the page again with <paramref name="error"/> (HTTP 400); the form's secrets are not echoed.</summary>
    protected PageResult Refused(KeyPortalException error) => Refused(error.Message, error.Reasons);

    /// <summary>Shows the page again with <paramref name="message"/> (HTTP 400).</summary>
    protected PageResult Refused(string message, IReadOnlyList<string>? reasons = null)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Error = message;
        Reasons = reasons ?? [];
        return Page();
    }
}
