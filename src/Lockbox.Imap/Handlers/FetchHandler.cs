// SPDX-License-Identifier: MIT
using System.Globalization;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8) of FLAGS, UID, INTERNALDATE, RFC822.SIZE,
/// MODSEQ and the message, its header or its text, whole or partial. Bodies are sliced from the
/// decrypted stream by the sender, never buffered here.
/// </summary>
internal sealed class FetchHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (FetchCommand)request.Command;
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        if (command.Attributes.FirstOrDefault(a => !IsSupported(a)) is { } unsupported)
        {
            return ImapResult.No(request.Tag, ResponseCode.Cannot, Describe(unsupported) + " is not supported yet");
        }

        (selected, var seen) = await ImplicitSeen.ApplyAsync(command, selected, cancellationToken);
        var messages = selected.Mailbox.Messages;

        if (!command.Uid && command.Set.Ranges.Any(r => OutOfRange(r.First, messages.Count) || OutOfRange(r.Last, messages.Count)))
        {
            // RFC 9051 section 6.4.5 (and RFC 3501's errata): a sequence number beyond EXISTS is an error.
            return ImapResult.Bad(request.Tag, "Invalid message sequence number");
        }

        var largest = command.Uid ? (messages.Count == 0 ? 0 : (uint)messages[^1].Uid) : (uint)messages.Count;
        var responses = new List<ImapResponse>();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (!command.Set.Contains(command.Uid ? (uint)message.Uid : (uint)(i + 1), largest))
            {
                continue;
            }

            var items = new List<FetchResponseItem>();
            // RFC 3501 section 6.4.8: UID FETCH always returns the UID.
            if (command.Uid && !command.Attributes.Contains(new FetchAtt.Simple(FetchItem.Uid)))
            {
                items.Add(new FetchResponseItem.Value("UID", new ImapValue.Number((ulong)message.Uid)));
            }

            foreach (var attribute in command.Attributes)
            {
                items.Add(await ItemAsync(attribute, selected, message, cancellationToken));
            }

            ImplicitSeen.AddFlags(items, message, seen);

            responses.Add(new FetchResponse((uint)(i + 1), items));
        }

        return ImapResult.Ok(request.Tag, command.Uid ? "UID FETCH completed" : "FETCH completed", responses) with { NextState = selected };
    }

    static bool OutOfRange(uint number, int count) => number != SequenceSet.Star && number > count;

    static bool IsSupported(FetchAtt attribute) => attribute switch
    {
        FetchAtt.Simple { Item: FetchItem.Envelope or FetchItem.BodyStructure or FetchItem.Body } => false,
        FetchAtt.Simple => true,
        FetchAtt.Body { Section: var section } => section.Part.Count == 0 && section.Text is SectionText.Full or SectionText.Header or SectionText.Text,
        _ => false,
    };

    static string Describe(FetchAtt attribute) => attribute switch
    {
        FetchAtt.Body body => body.ResponseName,
        FetchAtt.Simple simple => simple.Item.ToString().ToUpperInvariant(),
        _ => attribute.ToString(),
    };

    static async Task<FetchResponseItem> ItemAsync(
        FetchAtt attribute, ImapSessionState.LoggedIn.Selected selected, MessageInfo message, CancellationToken cancellationToken)
    {
        switch (attribute)
        {
            case FetchAtt.Simple { Item: FetchItem.Flags }:
                return new FetchResponseItem.Value("FLAGS", new ImapValue.List([.. message.Flags.Select(f => (ImapValue)new ImapValue.Atom(f))]));
            case FetchAtt.Simple { Item: FetchItem.Uid }:
                return new FetchResponseItem.Value("UID", new ImapValue.Number((ulong)message.Uid));
            case FetchAtt.Simple { Item: FetchItem.InternalDate }:
                return new FetchResponseItem.Value("INTERNALDATE", new ImapValue.Text(FormatDate(message.InternalDate)));
            case FetchAtt.Simple { Item: FetchItem.ModSeq }:
                return new FetchResponseItem.Value("MODSEQ", new ImapValue.List([new ImapValue.Number((ulong)message.ModSeq)]));
            case FetchAtt.Simple { Item: FetchItem.Rfc822Size }:
                return new FetchResponseItem.Value("RFC822.SIZE", new ImapValue.Number((ulong)await SizeAsync(selected, message, cancellationToken)));
            case FetchAtt.Simple { Item: FetchItem.Rfc822 }:
                return await SliceAsync("RFC822", SectionText.Full, null, selected, message, cancellationToken);
            case FetchAtt.Simple { Item: FetchItem.Rfc822Header }:
                return await SliceAsync("RFC822.HEADER", SectionText.Header, null, selected, message, cancellationToken);
            case FetchAtt.Simple { Item: FetchItem.Rfc822Text }:
                return await SliceAsync("RFC822.TEXT", SectionText.Text, null, selected, message, cancellationToken);
            case FetchAtt.Body body:
                return await SliceAsync(body.ResponseName, body.Section.Text, body.Partial, selected, message, cancellationToken);
            default:
                throw new ArgumentException("Unsupported FETCH item " + attribute, nameof(attribute));
        }
    }

    // The header ends after its blank line and the text starts there (RFC 3501 section 6.4.5, HEADER and TEXT).
    static async Task<FetchResponseItem> SliceAsync(
        string name, SectionText text, FetchPartial? partial, ImapSessionState.LoggedIn.Selected selected, MessageInfo message, CancellationToken cancellationToken)
    {
        var size = await SizeAsync(selected, message, cancellationToken);
        // Without metadata (public-key-only users) the stored form is one opaque body with no header.
        var headerEnd = message.Metadata?.Root.HeadersEnd ?? 0;
        var (start, length) = text switch
        {
            SectionText.Header => (0L, headerEnd),
            SectionText.Text => (headerEnd, size - headerEnd),
            _ => (0L, size),
        };
        var whole = text == SectionText.Full && partial is null;
        if (partial is { } p)
        {
            // RFC 3501 section 6.4.5: an origin past the end gives an empty string, a length past it is cut.
            var skip = Math.Min(p.Offset, length);
            start += skip;
            length = Math.Min(p.Length, length - skip);
        }

        return new FetchResponseItem.Slice(name, selected.Mail, selected.Mailbox.Name, message.Uid, start, length, whole);
    }

    static async Task<long> SizeAsync(ImapSessionState.LoggedIn.Selected selected, MessageInfo message, CancellationToken cancellationToken)
    {
        if (message.Metadata is { } metadata)
        {
            return metadata.Size;
        }

        // Public-key-only users have no decrypted metadata: count the stored form's bytes.
        await using var stream = await selected.Mail.OpenMessageAsync(selected.Mailbox.Name, message.Uid, cancellationToken);
        if (stream.CanSeek)
        {
            return stream.Length;
        }

        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    // date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE (RFC 3501 section 9).
    static string FormatDate(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("dd-MMM-yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
}
