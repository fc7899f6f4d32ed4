// SPDX-License-Identifier: MIT
using System.Globalization;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Reading;
using Lockbox.Web.Mail;
using Lockbox.Web.Rendering;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lockbox.Web.Pages.Mail;

/// <summary>
/// GET /mail/message?box=&amp;uid=&amp;images=1: one message. Plain text is shown escaped; HTML goes to a sandboxed
/// iframe fed by /mail/body, with remote images blocked until the reader asks; attachments link to /mail/part.
/// Opening marks the message read. A zero-access mailbox shows why there is no body instead.
/// </summary>
public sealed class MessageModel(IOptions<WebOptions> options) : SignedInPageModel
{
    public string Box { get; private set; } = "";

    public long Uid { get; private set; }

    public string Subject { get; private set; } = "";

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Cc { get; private set; } = "";

    public DateTimeOffset? Date { get; private set; }

    public bool Flagged { get; private set; }

    /// <summary>Flagged \Draft: the page offers to reopen it in the compose form.</summary>
    public bool IsDraft { get; private set; }

    /// <summary>The server cannot decrypt this user's mail (zero-access, docs/decisions/0018).</summary>
    public bool ZeroAccess { get; private set; }

    /// <summary>Larger than <see cref="WebOptions.MaxDisplayedMessageBytes"/>: not parsed for display.</summary>
    public bool TooLarge { get; private set; }

    public string? Text { get; private set; }

    public bool HasHtml { get; private set; }

    public bool ImagesLoaded { get; private set; }

    public int BlockedImages { get; private set; }

    public IReadOnlyList<MessageAttachment> Attachments { get; private set; } = [];

    /// <summary>The other mailboxes, for the Move button.</summary>
    public IReadOnlyList<string> MoveTargets { get; private set; } = [];

    public string BodyUrl => "/mail/body?box=" + Uri.EscapeDataString(Box) + "&uid=" + Uid + (ImagesLoaded ? "&images=1" : "");

    public string PartUrl(int part) => "/mail/part?box=" + Uri.EscapeDataString(Box) + "&uid=" + Uid + "&part=" + part;

    /// <summary>The compose page answering or forwarding this message (<c>mode</c>: reply, replyall, forward).</summary>
    public string ComposeUrl(string mode) => "/mail/compose?box=" + Uri.EscapeDataString(Box) + "&uid=" + Uid + "&mode=" + mode;

    public string ListUrl => "/mail?box=" + Uri.EscapeDataString(Box);

    public async Task<IActionResult> OnGetAsync(string? box, long uid, int? images)
    {
        if (string.IsNullOrEmpty(box))
        {
            // A hand-made URL without its mailbox names no message.
            return NotFound();
        }

        ViewData["Address"] = Session.Address;
        Box = box;
        Uid = uid;
        ImagesLoaded = images == 1;
        var ct = HttpContext.RequestAborted;
        var summaries = await Mail.GetSummariesAsync(box, [uid], ct);
        if (!summaries.TryGetValue(uid, out var summary))
        {
            return NotFound();
        }

        var info = (await Mail.ListMessagesAsync(box, ct)).FirstOrDefault(m => m.Uid == uid);
        MoveTargets = [.. (await Mail.ListMailboxesAsync(ct)).Select(m => m.Name).Where(n => n != box).Order(StringComparer.Ordinal)];
        Flagged = info is not null && MessageLister.HasFlag(info.Flags, "\\Flagged");
        IsDraft = info is not null && MessageLister.HasFlag(info.Flags, "\\Draft");
        Subject = summary.Subject;
        From = summary.From;
        To = summary.To;
        Cc = summary.Cc;
        Date = info is null ? null : new DateTimeOffset(info.InternalDate, TimeSpan.Zero);
        ZeroAccess = Session.Access == MailAccess.PublicKeyOnly;
        TooLarge = summary.Size > options.Value.MaxDisplayedMessageBytes;
        if (ZeroAccess || TooLarge)
        {
            return Page();
        }

        var message = await Mail.ReadMessageAsync(box, uid, ct);
        Subject = message.Subject;
        From = message.From.Text;
        To = message.To.Text;
        Cc = message.Cc.Text;
        Date = message.Date ?? Date;
        if (message.HtmlBody is { } html)
        {
            HasHtml = true;
            BlockedImages = ImagesLoaded ? 0 : MailHtmlSanitizer.Sanitize(html, remoteImages: false, _ => null).BlockedImages;
        }
        else
        {
            Text = message.TextBody ?? "";
        }

        Attachments = message.Attachments;
        if (info is not null && !MessageLister.HasFlag(info.Flags, "\\Seen"))
        {
            await Mail.StoreFlagsAsync(box, [uid], FlagChange.Add, ["\\Seen"], null, ct);
        }

        return Page();
    }

    /// <summary>A size for people: "512 B", "14 KB", "3.2 MB", "10.0 GB".</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB",
        < 1024 * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
    };
}
