// SPDX-License-Identifier: MIT
using System.Text.Json;
using System.Text.RegularExpressions;
using MailKit;
using MimeKit;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Compares ENVELOPE and BODYSTRUCTURE as MailKit's ImapClient parsed them with what MimeKit and
/// Python's email package read from the delivered bytes. Each finding is one line in a list, so one
/// run shows every difference.
/// </summary>
internal static class StructureCheck
{
    public static void Envelope(string name, MimeMessage message, Envelope? envelope, List<string> differences)
    {
        if (envelope is null)
        {
            differences.Add($"{name}: no ENVELOPE");
            return;
        }

        Same(differences, name, "subject", message.Subject, envelope.Subject);
        Same(differences, name, "message-id", message.MessageId, envelope.MessageId);
        Same(differences, name, "in-reply-to", message.InReplyTo, envelope.InReplyTo);
        if (message.Headers.Contains(HeaderId.Date))
        {
            Same(differences, name, "date", message.Date.ToString("O"), envelope.Date?.ToString("O"));
        }

        Same(differences, name, "from", Show(message.From), Show(envelope.From));
        Same(differences, name, "to", Show(message.To), Show(envelope.To));
        Same(differences, name, "cc", Show(message.Cc), Show(envelope.Cc));
        Same(differences, name, "bcc", Show(message.Bcc), Show(envelope.Bcc));
        // RFC 3501 section 7.4.2: an absent Sender or Reply-To is the From.
        Same(differences, name, "sender", message.Sender is { } sender ? Show([sender]) : Show(message.From), Show(envelope.Sender));
        Same(differences, name, "reply-to", Show(message.ReplyTo.Count > 0 ? message.ReplyTo : message.From), Show(envelope.ReplyTo));
    }

    public static void Body(string name, string path, MimeEntity? entity, BodyPart? part, List<string> differences)
    {
        var where = $"{name} part {(path.Length == 0 ? "(top)" : path)}";
        if (entity is null || part is null)
        {
            differences.Add($"{where}: MimeKit has {entity?.ContentType.MimeType ?? "nothing"}, IMAP has {part?.ContentType.MimeType ?? "nothing"}");
            return;
        }

        Same(differences, where, "type", entity.ContentType.MimeType.ToLowerInvariant(), part.ContentType.MimeType.ToLowerInvariant());
        switch (entity)
        {
            case Multipart { Count: 0 } when part is BodyPartMultipart { BodyParts: [BodyPartText { Octets: 0 } empty] }:
                // body-type-mpart needs one body at least: a multipart without parts shows one empty text/plain (as Dovecot does).
                Same(differences, where, "stand-in part", "text/plain", empty.ContentType.MimeType);
                break;
            case Multipart multipart when part is BodyPartMultipart imap:
                Same(differences, where, "part count", multipart.Count, imap.BodyParts.Count);
                for (var i = 0; i < Math.Min(multipart.Count, imap.BodyParts.Count); i++)
                {
                    Body(name, path.Length == 0 ? $"{i + 1}" : $"{path}.{i + 1}", multipart[i], imap.BodyParts[i], differences);
                }

                break;
            case MessagePart { Message: { } embedded } message when part is BodyPartMessage imap:
                var content = MimeSlices.ContentOf(message);
                Same(differences, where, "octets", content.Length, imap.Octets);
                Same(differences, where, "lines", Lines(content), imap.Lines);
                Envelope(where + " (embedded)", embedded, imap.Envelope, differences);
                Body(name, path.Length == 0 ? "1" : path + ".1", embedded.Body, imap.Body, differences);
                break;
            case MimePart leaf when part is BodyPartBasic imap:
                Leaf(where, leaf, imap, differences);
                break;
            default:
                differences.Add($"{where}: MimeKit has a {entity.GetType().Name}, IMAP a {part.GetType().Name}");
                break;
        }
    }

    /// <summary>Python's subject, From and To addresses, part types in IMAP order, and leaf sizes where Python saw no defect.</summary>
    public static bool Python(string name, JsonElement python, IMessageSummary summary, List<string> differences)
    {
        if (summary.Envelope is null || summary.Body is null)
        {
            differences.Add($"{name}: no ENVELOPE or BODYSTRUCTURE");
            return false;
        }

        var subject = python.GetProperty("subject").GetString();
        Same(differences, name, "python subject", Collapse(subject), Collapse(summary.Envelope.Subject));
        Same(differences, name, "python from", Join(python.GetProperty("from")), string.Join(",", summary.Envelope.From.Mailboxes.Select(m => m.Address)));
        Same(differences, name, "python to", Join(python.GetProperty("to")), string.Join(",", summary.Envelope.To.Mailboxes.Select(m => m.Address)));

        var parts = python.GetProperty("parts").EnumerateArray().ToList();
        if (python.GetProperty("defects").GetInt32() > 0 || parts.Any(p => p.GetProperty("defects").GetInt32() > 0))
        {
            // Python reads broken MIME its own way; only the fields above are comparable then.
            return false;
        }

        var imap = Flatten(summary.Body).ToList();
        Same(differences, name, "python part types", string.Join(" ", parts.Select(p => p.GetProperty("type").GetString())), string.Join(" ", imap.Select(p => p.ContentType.MimeType.ToLowerInvariant())));
        for (var i = 0; i < Math.Min(parts.Count, imap.Count); i++)
        {
            if (parts[i].GetProperty("size").ValueKind == JsonValueKind.Number && imap[i] is BodyPartBasic basic and not BodyPartMessage)
            {
                Same(differences, name, $"python size of part {basic.PartSpecifier}", parts[i].GetProperty("size").GetInt64(), basic.Octets);
            }
        }

        return true;
    }

    static void Leaf(string where, MimePart leaf, BodyPartBasic imap, List<string> differences)
    {
        var content = MimeSlices.ContentOf(leaf);
        Same(differences, where, "octets", content.Length, imap.Octets);
        if (imap is BodyPartText text)
        {
            Same(differences, where, "lines", Lines(content), text.Lines);
        }

        // RFC 2045 section 5.2: no Content-Type header means charset us-ascii.
        var charset = leaf.Headers.Contains(HeaderId.ContentType) ? leaf.ContentType.Charset : "us-ascii";
        Same(differences, where, "charset", charset?.ToLowerInvariant(), imap.ContentType.Charset?.ToLowerInvariant());
        Same(differences, where, "encoding", (leaf.Headers[HeaderId.ContentTransferEncoding]?.Trim() ?? "7bit").ToLowerInvariant(), imap.ContentTransferEncoding?.ToLowerInvariant());
        Same(differences, where, "content-id", leaf.ContentId, imap.ContentId?.Trim('<', '>'));
        Same(differences, where, "description", leaf.Headers[HeaderId.ContentDescription]?.Trim(), imap.ContentDescription);
        Same(differences, where, "disposition", leaf.ContentDisposition?.Disposition, imap.ContentDisposition?.Disposition);
        Same(differences, where, "file name", leaf.FileName, imap.FileName);
        Same(differences, where, "md5", leaf.ContentMd5?.Trim(), imap.ContentMd5);
    }

    static IEnumerable<BodyPart> Flatten(BodyPart part)
    {
        yield return part;
        var children = part switch
        {
            BodyPartMultipart multipart => multipart.BodyParts.SelectMany(Flatten),
            BodyPartMessage { Body: { } body } => Flatten(body),
            _ => [],
        };
        foreach (var child in children)
        {
            yield return child;
        }
    }

    // RFC 3501 body-fld-lines: every line of the content, a last line without line end included.
    static int Lines(byte[] content) =>
        content.Count(b => b == (byte)'\n') + (content.Length > 0 && content[^1] != (byte)'\n' ? 1 : 0);

    static string Show(InternetAddressList? list) => list is null ? "" : string.Join(", ", list.Select(Show));

    static string Show(InternetAddress address) => address switch
    {
        GroupAddress group => $"[{group.Name}: {Show(group.Members)}]",
        MailboxAddress mailbox => $"{mailbox.Name} <{mailbox.Address}>",
        _ => address.ToString(),
    };

    static string Join(JsonElement addresses) =>
        string.Join(",", addresses.EnumerateArray().Select(a => a.GetString()).Where(a => !string.IsNullOrEmpty(a)));

    static string? Collapse(string? text) => text is null ? null : Regex.Replace(text, @"\s+", " ").Trim();

    static void Same(List<string> differences, string where, string what, long expected, long actual)
    {
        if (expected != actual)
        {
            differences.Add($"{where}: {what} expected {expected}, IMAP gave {actual}");
        }
    }

    static void Same(List<string> differences, string where, string what, string? expected, string? actual)
    {
        if (!string.Equals(expected ?? "", actual ?? "", StringComparison.Ordinal))
        {
            differences.Add($"{where}: {what} expected \"{expected}\", IMAP gave \"{actual}\"");
        }
    }
}
