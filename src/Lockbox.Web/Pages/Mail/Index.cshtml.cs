// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Web.Mail;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lockbox.Web.Pages.Mail;

/// <summary>
/// GET /mail?box=&amp;p=&amp;sort=date|from|subject|size&amp;order=asc|desc&amp;q=&amp;notice=: the folder list and one page
/// of a mailbox. POST /mail (box, uid[], action, target): the list's buttons, then back to the list (post/redirect/get);
/// an action Vault refuses comes back with a <c>notice</c> code, which the list says in words (<see cref="ActionNotices"/>).
/// </summary>
public sealed class IndexModel(IOptions<WebOptions> options) : SignedInPageModel
{
    public IReadOnlyList<MailboxSummary> Mailboxes { get; private set; } = [];

    public string Box { get; private set; } = "INBOX";

    public MessagePage Messages { get; private set; } = new([], 1, 1, 0);

    public MessageSort Sort { get; private set; }

    public bool Descending { get; private set; } = true;

    public string? Query { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>The user's storage against their quota (docs/decisions/0041), shown under the folders when they have a limit.</summary>
    public QuotaUsage? Quota { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? box, int p = 1, string? sort = null, string? order = null, string? q = null, string? notice = null)
    {
        ViewData["Address"] = Session.Address;
        Notice = ActionNotices.Text(notice);
        Box = string.IsNullOrEmpty(box) ? "INBOX" : box;
        Sort = Enum.TryParse<MessageSort>(sort, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : MessageSort.Date;
        Descending = order != "asc";
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var ct = HttpContext.RequestAborted;
        Mailboxes = await MessageLister.ListMailboxesAsync(Mail, ct);
        if (!Mailboxes.Any(m => m.Name == Box))
        {
            return NotFound();
        }

        Quota = await Mail.GetQuotaAsync(ct);

        try
        {
            Messages = await MessageLister.ListMessagesAsync(Mail, Box, Sort, Descending, p, options.Value.PageSize, Query, ct);
        }
        catch (SearchUnavailableException)
        {
            Notice = "Search is not possible in this mailbox: it is encrypted to a key the server does not hold.";
            Messages = await MessageLister.ListMessagesAsync(Mail, Box, Sort, Descending, p, options.Value.PageSize, null, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string box, long[] uid, string action, string? target, string? back)
    {
        if (!Enum.TryParse<MessageAction>(action, ignoreCase: true, out var act) || !Enum.IsDefined(act))
        {
            return BadRequest();
        }

        string? notice = null;
        try
        {
            await MessageActions.ApplyAsync(Mail, box, uid, act, target, HttpContext.RequestAborted);
        }
        catch (MailboxNotFoundException e)
        {
            // The target went (deleted in another session, say): said on the list. A missing source stays 404, the
            // same as another user's mailbox (SignedInPageModel).
            if (!(await Mail.ListMailboxesAsync(HttpContext.RequestAborted)).Any(m => m.Name == box))
            {
                throw;
            }

            notice = ActionNotices.CodeFor(e);
        }
        catch (MailboxOperationException e)
        {
            // Storage failing for now, or an action the mailbox does not allow: said on the list, not an error page.
            notice = ActionNotices.CodeFor(e);
        }

        // Back to the list the form came from; only a local path, never an absolute URL (open redirect).
        var list = back is { Length: > 0 } && back.StartsWith("/mail", StringComparison.Ordinal) ? back : "/mail?box=" + Uri.EscapeDataString(box);
        return LocalRedirect(notice is null ? list : list + (list.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "notice=" + notice);
    }

    /// <summary>This list's URL with some parameters changed.</summary>
    public string Link(string? box = null, int? page = null, MessageSort? sort = null, bool? descending = null)
    {
        var url = "/mail?box=" + Uri.EscapeDataString(box ?? Box);
        if (box is null || box == Box)
        {
            // "p", not "page": Razor Pages reserves the route value "page" for the page's own path.
            url += "&p=" + (page ?? Messages.Page) + "&sort=" + (sort ?? Sort).ToString().ToLowerInvariant() + "&order=" + ((descending ?? Descending) ? "desc" : "asc");
            if (Query is not null)
            {
                url += "&q=" + Uri.EscapeDataString(Query);
            }
        }

        return url;
    }
}
