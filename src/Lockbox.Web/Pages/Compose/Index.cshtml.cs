// SPDX-License-Identifier: MIT
using Lockbox.Web.Compose;
using Lockbox.Web.Rendering;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Lockbox.Web.Pages.Compose;

/// <summary>
/// GET /mail/compose: a new message; <c>?box=&amp;uid=&amp;mode=reply|replyall|forward</c> starts from that message;
/// <c>?draft=UID</c> reopens a draft. POST with <c>action=send</c> sends through the relay and then saves the copy to Sent
/// (\Seen, Bcc kept there only); <c>action=draft</c> saves to Drafts (\Draft). Both go through IMailSession.AppendAsync,
/// the delivery funnel, so an encrypted user's copy is encrypted. Uploads are read from the in-memory form into memory.
/// </summary>
public sealed class IndexModel(MailSender sender, TimeProvider time, ILogger<IndexModel> logger) : SignedInPageModel
{
    [BindProperty]
    public ComposeInput Input { get; set; } = new();

    [BindProperty]
    public List<IFormFile> Uploads { get; set; } = [];

    /// <summary>What the user should read before trying again; null when nothing went wrong.</summary>
    public string? Error { get; private set; }

    /// <summary>Shown after a draft was saved.</summary>
    public bool Saved { get; private set; }

    /// <summary>Names of the parts a reopened draft or a forward carries along.</summary>
    public IReadOnlyList<string> CarriedNames { get; private set; } = [];

    public bool SendingConfigured => sender.Configured;

    public async Task<IActionResult> OnGetAsync(string? box, long? uid, string? mode, long? draft, int? saved)
    {
        ViewData["Address"] = Session.Address;
        var ct = HttpContext.RequestAborted;
        Saved = saved == 1;
        if (draft is { } draftUid)
        {
            var drafts = await SpecialMailbox.FindAsync(Mail, "Drafts", ct);
            var message = await MessageReader.LoadAsync(Mail, drafts, draftUid, ct);
            Input = new ComposeInput
            {
                To = message.To.ToString(),
                Cc = message.Cc.ToString(),
                Bcc = message.Bcc.ToString(),
                Subject = message.Subject ?? "",
                Body = message.TextBody ?? "",
                InReplyTo = message.InReplyTo is { Length: > 0 } irt ? "<" + irt + ">" : "",
                References = string.Join(" ", message.References.Select(r => "<" + r + ">")),
                DraftUid = draftUid,
            };
            CarriedNames = Names(MessageComposer.CarriedParts(message));
        }
        else if (box is not null && uid is { } originalUid && ParseMode(mode) is { } start)
        {
            var original = await MessageReader.LoadAsync(Mail, box, originalUid, ct);
            Input = ReplyBuilder.For(original, start, Session.Address, box, originalUid);
            CarriedNames = start == ComposeMode.Forward ? Names([MessageComposer.Forwarded(original)]) : [];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? action)
    {
        ViewData["Address"] = Session.Address;
        var ct = HttpContext.RequestAborted;
        var isDraft = action == "draft";
        var drafts = await SpecialMailbox.FindAsync(Mail, "Drafts", ct);
        var carried = new List<MimeEntity>();
        if (Input.DraftUid is { } draftUid)
        {
            carried.AddRange(MessageComposer.CarriedParts(await MessageReader.LoadAsync(Mail, drafts, draftUid, ct)));
        }
        else if (Input.ForwardBox.Length > 0 && Input.ForwardUid is { } forwardUid)
        {
            carried.Add(MessageComposer.Forwarded(await MessageReader.LoadAsync(Mail, Input.ForwardBox, forwardUid, ct)));
        }

        CarriedNames = Names(carried);
        MimeMessage message;
        try
        {
            message = MessageComposer.Build(Session.Address, Input, await ReadUploadsAsync(ct), carried, time.GetLocalNow(), requireRecipient: !isDraft);
            if (!isDraft)
            {
                await sender.SendAsync(message, ct);
            }
        }
        catch (ComposeException e)
        {
            Log.SendFailed(logger, Session.Address, e.InnerException?.GetType().Name ?? "invalid form");
            Error = e.Message + (Uploads.Count > 0 ? " Files you attached must be attached again." : "");
            return Page();
        }

        using var bytes = new MemoryStream();
        // Stored mail has CRLF line ends (RFC 5322 section 2.1), whatever MimeKit's platform default is.
        await message.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes, ct);
        bytes.Position = 0;
        if (isDraft)
        {
            var stored = await Mail.AppendAsync(drafts, ["\\Draft", "\\Seen"], null, bytes, ct);
            await RemoveDraftAsync(drafts, ct);
            Log.DraftSaved(logger, Session.Address);
            return Redirect("/mail/compose?draft=" + stored.Uid + "&saved=1");
        }

        var sent = await SpecialMailbox.FindAsync(Mail, "Sent", ct);
        await Mail.AppendAsync(sent, ["\\Seen"], null, bytes, ct);
        await RemoveDraftAsync(drafts, ct);
        var recipients = message.To.Mailboxes.Count() + message.Cc.Mailboxes.Count() + message.Bcc.Mailboxes.Count();
        Log.MessageSent(logger, Session.Address, recipients);
        return Redirect("/mail?box=" + Uri.EscapeDataString(sent));
    }

    /// <summary>The draft this form came from is replaced by the new draft or by the sent message.</summary>
    async Task RemoveDraftAsync(string drafts, CancellationToken ct)
    {
        if (Input.DraftUid is { } uid)
        {
            await Mail.StoreFlagsAsync(drafts, [uid], Vault.Contracts.FlagChange.Add, ["\\Deleted"], null, ct);
            await Mail.ExpungeAsync(drafts, [uid], ct);
        }
    }

    /// <summary>The uploads' bytes: the form was buffered in memory (FormOptions, decision 0022), so this copies memory to memory.</summary>
    async Task<IReadOnlyList<ComposeAttachment>> ReadUploadsAsync(CancellationToken ct)
    {
        var attachments = new List<ComposeAttachment>();
        foreach (var file in Uploads.Where(f => f.Length > 0))
        {
            using var content = new MemoryStream();
            await file.CopyToAsync(content, ct);
            attachments.Add(new ComposeAttachment(FileName(file.FileName), file.ContentType, content.ToArray()));
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

    static IReadOnlyList<string> Names(IEnumerable<MimeEntity> parts) =>
        [.. parts.Select(p => p.ContentDisposition?.FileName ?? p.ContentType.Name ?? p.ContentType.MimeType)];

    static ComposeMode? ParseMode(string? mode) => mode switch
    {
        "reply" => ComposeMode.Reply,
        "replyall" => ComposeMode.ReplyAll,
        "forward" => ComposeMode.Forward,
        _ => null,
    };
}
