// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts.Reading;

namespace Lockbox.Web.Compose;

/// <summary>Fills the compose form to reply, reply to all, or forward a message, from the message as Vault decoded it.</summary>
public static class ReplyBuilder
{
    /// <summary>
    /// Reply: to Reply-To, or From (RFC 5322 section 3.6.2); reply all adds the other To and Cc addresses, less the user's
    /// own. Both set In-Reply-To and References (section 3.6.4), prefix "Re: " unless already there, and quote the text
    /// body with "> ". Forward prefixes "Fwd: ", quotes nothing and names the original, which goes along as message/rfc822.
    /// </summary>
    public static ComposeInput For(ReadableMessage original, ComposeMode mode, string self, string box, long uid)
    {
        var subject = original.Subject;
        if (mode == ComposeMode.Forward)
        {
            return new ComposeInput
            {
                Subject = Prefixed("Fwd: ", subject),
                ForwardBox = box,
                ForwardUid = uid,
            };
        }

        var to = original.ReplyTo.Mailboxes.Count > 0 ? original.ReplyTo.Mailboxes : original.From.Mailboxes;
        var cc = new List<MessageAddress>();
        if (mode == ComposeMode.ReplyAll)
        {
            var seen = new HashSet<string>(to.Select(m => m.Address), StringComparer.OrdinalIgnoreCase) { self };
            cc.AddRange(original.To.Mailboxes.Concat(original.Cc.Mailboxes).Where(m => seen.Add(m.Address)));
        }

        var references = original.References.Select(r => "<" + r + ">").ToList();
        if (original.MessageId is { Length: > 0 } id)
        {
            references.Add("<" + id + ">");
        }

        return new ComposeInput
        {
            To = string.Join(", ", to.Select(m => m.Text)),
            Cc = string.Join(", ", cc.Select(m => m.Text)),
            Subject = Prefixed("Re: ", subject),
            Body = Quote(original),
            InReplyTo = original.MessageId is { Length: > 0 } mid ? "<" + mid + ">" : "",
            References = string.Join(" ", references),
        };
    }

    static string Prefixed(string prefix, string subject) =>
        subject.StartsWith(prefix.TrimEnd(), StringComparison.OrdinalIgnoreCase) ? subject : prefix + subject;

    /// <summary>An attribution line and the text body with "> " before each line (RFC 3676 section 4.5 quoting).</summary>
    static string Quote(ReadableMessage original)
    {
        var text = new StringBuilder("\r\n\r\n");
        var when = original.Date is { } date ? "On " + date.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) + ", " : "";
        text.Append(when).Append(original.From.Text).Append(" wrote:\r\n");
        var body = original.TextBody ?? "";
        foreach (var line in body.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            text.Append(line.StartsWith('>') ? ">" : "> ").Append(line).Append("\r\n");
        }

        return text.ToString();
    }
}
