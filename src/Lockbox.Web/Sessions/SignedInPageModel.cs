// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Sessions;

/// <summary>
/// A page that needs a login: without a live session it redirects to /login; with one, the handler runs holding the
/// session's lease (<see cref="Mail"/>). A mailbox or message the user does not have, whoever's it may be, is 404. A
/// session that the mailbox's encryption made outdated (<see cref="SessionOutdatedException"/>) is ended, and the user
/// signs in again to unlock the new key. A store that cannot answer now is not handled here but around every page and
/// route (<see cref="StoreUnavailableMiddleware"/>: 503).
/// </summary>
public abstract class SignedInPageModel : PageModel
{
    IMailSession? _mail;

    /// <summary>The signed-in session.</summary>
    public WebSession Session { get; private set; } = null!;

    /// <summary>The Vault session, during a handler.</summary>
    protected IMailSession Mail => _mail ?? throw new InvalidOperationException("outside a handler");

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var registry = HttpContext.RequestServices.GetRequiredService<WebSessionRegistry>();
        var session = await registry.FindAsync(SessionCookie.Read(HttpContext));
        if (session is null)
        {
            context.Result = new RedirectResult("/login");
            return;
        }

        Session = session;
        WebSession.Lease lease;
        try
        {
            lease = await session.AcquireAsync(HttpContext.RequestAborted);
        }
        catch (ObjectDisposedException)
        {
            // Logged out or timed out while this request waited for the session.
            context.Result = new RedirectResult("/login");
            return;
        }

        var outdated = false;
        using (lease)
        {
            _mail = lease.Mail;
            try
            {
                var executed = await next();
                if (executed.Exception is MailboxNotFoundException or MessageNotFoundException)
                {
                    executed.ExceptionHandled = true;
                    executed.Result = NotFound();
                }
                else if (executed.Exception is SessionOutdatedException)
                {
                    executed.ExceptionHandled = true;
                    executed.Result = new RedirectResult(LoginModel.OutdatedPath);
                    outdated = true;
                }
            }
            finally
            {
                _mail = null;
            }
        }

        if (outdated)
        {
            // After the lease is released: closing waits for it.
            await registry.SignOutAsync(HttpContext);
        }
    }
}
