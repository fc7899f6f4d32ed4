// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Sending;
using Lockbox.Web.Compose;
using Lockbox.Web.Mail;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lockbox.Web.Pages.Compose;

/// <summary>
/// GET /mail/compose: a new message; <c>?box=&amp;uid=&amp;mode=reply|replyall|forward</c> starts from that message;
/// <c>?draft=UID</c> reopens a draft. POST with <c>action=send</c> has Vault send it through the relay and then save the copy
/// to Sent (\Seen, Bcc kept there only); <c>action=draft</c> has it saved to Drafts (\Draft). Vault builds the message and
/// stores it through the delivery funnel, so an encrypted user's copy is encrypted (docs/decisions/0024, 0025). Uploads are
/// read from the in-memory form into memory. A store that cannot answer before anything was sent or saved brings the form
/// back as typed with an error; one that fails after the relay accepted the message does not fail the send, and the list
/// says the copy is missing, or the replaced draft is still in Drafts (docs/decisions/0022, amendment "a store that cannot
/// answer").
/// </summary>
public sealed class IndexModel : SignedInPageModel
{
    /// <summary>The error when the store could not answer before anything was sent or saved.</summary>
    public const string StoreNotAnswering = "The mail store is not answering, so nothing was sent or saved. Please try again in a moment.";

    /// <summary>The error when a draft does not fit the user's storage quota (docs/decisions/0041).</summary>
    public const string MailboxFull = "Your mail is at its storage quota, so the draft was not saved. Delete some messages, and empty Trash, to make room.";

    /// <summary>The <c>saved</c> query value after a draft was saved, and after one whose earlier version is still in Drafts.</summary>
    const int SavedOnly = 1;
    const int SavedOldDraftLeft = 2;

    [BindProperty]
    public ComposeInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Uploads { get; set; } = [];

    /// <summary>What the user should read before trying again; null when nothing went wrong.</summary>
    public string? Error { get; private set; }

    /// <summary>Shown after a draft was saved.</summary>
    public bool Saved { get; private set; }

    /// <summary>Shown after a draft was saved whose earlier version the store could not remove.</summary>
    public bool OldDraftLeft { get; private set; }

    /// <summary>Names of the parts a reopened draft or a forward carries along.</summary>
    public IReadOnlyList<string> CarriedNames { get; private set; } = [];

    public bool SendingConfigured { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? box, long? uid, string? mode, long? draft, int? saved)
    {
        ViewData["Address"] = Session.Address;
        SendingConfigured = Mail.CanSend;
        var ct = HttpContext.RequestAborted;
        Saved = saved is SavedOnly or SavedOldDraftLeft;
        OldDraftLeft = saved == SavedOldDraftLeft;
        if (draft is { } draftUid)
        {
            var drafts = await SpecialMailbox.FindAsync(Mail, "Drafts", ct);
            var message = await Mail.ReadMessageAsync(drafts, draftUid, ct);
            Input = new ComposeInput
            {
                To = message.To.Text,
                Cc = message.Cc.Text,
                Bcc = message.Bcc.Text,
                Subject = message.Subject,
                Body = message.TextBody ?? "",
                InReplyTo = message.InReplyTo is { Length: > 0 } irt ? "<" + irt + ">" : "",
                References = string.Join(" ", message.References.Select(r => "<" + r + ">")),
                DraftUid = draftUid,
            };
            CarriedNames = await Mail.DescribeCarriedAsync(new OutgoingMessage { Draft = new MessageReference(drafts, draftUid) }, ct);
        }
        else if (box is not null && uid is { } originalUid && ParseMode(mode) is { } start)
        {
            var original = await Mail.ReadMessageAsync(box, originalUid, ct);
            Input = ReplyBuilder.For(original, start, Session.Address, box, originalUid);
            CarriedNames = start == ComposeMode.Forward ? await Mail.DescribeCarriedAsync(new OutgoingMessage { Forward = new MessageReference(box, originalUid) }, ct) : [];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? action)
    {
        ViewData["Address"] = Session.Address;
        SendingConfigured = Mail.CanSend;
        try
        {
            return await SubmitAsync(action == "draft", HttpContext.RequestAborted);
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.Unavailable)
        {
            // Before the relay accepted anything (Vault reports a store failing after that in the outcome): nothing was sent
            // or saved, and the form comes back as typed instead of the 503 page losing it. The carried parts are not
            // named, as that would ask the store again; the hidden fields still carry them on the next try.
            return FormWithError(StoreNotAnswering);
        }
        catch (MailboxOperationException e) when (e.Error == MailboxError.OverQuota)
        {
            // Only a draft is stored before anything is sent: a sent message's copy over the quota is reported in the outcome.
            return FormWithError(MailboxFull);
        }
    }

    async Task<IActionResult> SubmitAsync(bool isDraft, CancellationToken ct)
    {
        var drafts = await SpecialMailbox.FindAsync(Mail, "Drafts", ct);
        var message = new OutgoingMessage
        {
            To = Input.To,
            Cc = Input.Cc,
            Bcc = Input.Bcc,
            Subject = Input.Subject,
            Body = Input.Body,
            InReplyTo = Input.InReplyTo,
            References = Input.References,
            Attachments = await ReadUploadsAsync(ct),
            Draft = Input.DraftUid is { } draftUid ? new MessageReference(drafts, draftUid) : null,
            Forward = Input.DraftUid is null && Input.ForwardBox.Length > 0 && Input.ForwardUid is { } forwardUid ? new MessageReference(Input.ForwardBox, forwardUid) : null,
        };
        ComposeOutcome stored;
        try
        {
            stored = isDraft ? await Mail.SaveDraftAsync(message, ct) : await Mail.SendAsync(message, ct);
        }
        catch (ComposeRejectedException e)
        {
            CarriedNames = await Mail.DescribeCarriedAsync(message, ct);
            return FormWithError(e.Message);
        }

        if (isDraft)
        {
            return Redirect("/mail/compose?draft=" + stored.Uid + "&saved=" + (stored.DraftLeft ? SavedOldDraftLeft : SavedOnly));
        }

        // Sent, whatever became of the copy or the draft: the list says so, and the user does not send it again.
        var sent = "/mail?box=" + Uri.EscapeDataString(stored.Mailbox);
        return Redirect(
            !stored.CopyStored ? sent + "&notice=" + (stored.CopyOverQuota ? ActionNotices.SentWithoutCopyOverQuota : ActionNotices.SentWithoutCopy)
            : stored.DraftLeft ? sent + "&notice=" + ActionNotices.SentDraftLeft
            : sent);
    }

    /// <summary>The form again as typed, with <paramref name="error"/>; files picked in the form are not kept by a browser.</summary>
    PageResult FormWithError(string error)
    {
        Error = error + (Uploads.Count > 0 ? " Files you attached must be attached again." : "");
        return Page();
    }

    /// <summary>The uploads' bytes: the form was buffered in memory (FormOptions, decision 0022), so this copies memory to memory.</summary>
    async Task<IReadOnlyList<OutgoingAttachment>> ReadUploadsAsync(CancellationToken ct)
    {
        var attachments = new List<OutgoingAttachment>();
        foreach (var file in Uploads.Where(f => f.Length > 0))
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, ct);
            attachments.Add(new OutgoingAttachment(FileName(file.FileName), file.ContentType, content.ToArray()));
        }

        return attachments;
    }

    /// <summary>The name without any path a browser may send, and without control characters.</summary>
    static string FileName(string name)
    {
        var last = name.Replace('\\', '/').Split('/')[^1];
        var clean = string.Concat(last.Where(c => !char.IsControl(c))).Trim();
        return clean.Length == 0 ? "attachment" : clean;
    }

    static ComposeMode? ParseMode(string? mode) => mode switch
    {
        "reply" => ComposeMode.Reply,
        "replyall" => ComposeMode.ReplyAll,
        "forward" => ComposeMode.Forward,
        _ => null,
    };
}
