// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Fetch;

/// <summary>
/// ENVELOPE (RFC 3501 section 7.4.2) from a message's cached header fields: date, subject, from, sender,
/// reply-to, to, cc, bcc, in-reply-to, message-id. Values go out raw and unfolded, encoded words
/// included, as Dovecot sends them; an absent field is NIL.
/// </summary>
internal static class EnvelopeBuilder
{
    public static ImapValue Build(IReadOnlyList<HeaderField> headers)
    {
        var from = Addresses(headers, "From");
        return new ImapValue.List(
        [
            HeaderBlock.NString(headers, "Date"),
            HeaderBlock.NString(headers, "Subject"),
            from,
            // "If the Sender or Reply-To lines are absent in the [RFC-2822] header, or are present but
            // empty, the server sets the corresponding member of the envelope to be the same value as
            // the from member" (RFC 3501 section 7.4.2).
            Addresses(headers, "Sender") is ImapValue.List sender ? sender : from,
            Addresses(headers, "Reply-To") is ImapValue.List replyTo ? replyTo : from,
            Addresses(headers, "To"),
            Addresses(headers, "Cc"),
            Addresses(headers, "Bcc"),
            HeaderBlock.NString(headers, "In-Reply-To"),
            HeaderBlock.NString(headers, "Message-ID"),
        ]);
    }

    static ImapValue Addresses(IReadOnlyList<HeaderField> headers, string name)
    {
        if (HeaderBlock.First(headers, name) is not { } raw)
        {
            return ImapValue.NilValue;
        }

        var addresses = AddressParser.Parse(HeaderBlock.Unfold(raw));
        if (addresses.Count == 0)
        {
            return ImapValue.NilValue;
        }

        return new ImapValue.List([.. addresses.Select(a => (ImapValue)new ImapValue.List(
        [
            NString(a.Name),
            NString(a.Route),
            NString(a.Mailbox),
            NString(a.Host),
        ]))]);
    }

    static ImapValue NString(byte[]? value) => value is null ? ImapValue.NilValue : new ImapValue.RawString(value);
}
