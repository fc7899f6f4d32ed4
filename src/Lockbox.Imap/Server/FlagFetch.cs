// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Server;

/// <summary>
/// The untagged "* n FETCH (UID u FLAGS (...) MODSEQ (m))" that reports a flag change (RFC 3501 section
/// 7.4.2). With CONDSTORE enabled it carries MODSEQ (RFC 7162 section 3.2); UID is always included so a
/// client can match the message without tracking sequence numbers.
/// </summary>
internal static class FlagFetch
{
    public static FetchResponse Create(uint number, long uid, IReadOnlyList<string>? flags, long modSeq, bool condStore)
    {
        var items = new List<FetchResponseItem> { new FetchResponseItem.Value("UID", new ImapValue.Number((ulong)uid)) };
        if (flags is not null)
        {
            items.Add(new FetchResponseItem.Value("FLAGS", new ImapValue.List([.. flags.Select(f => (ImapValue)new ImapValue.Atom(f))])));
        }

        if (condStore)
        {
            items.Add(new FetchResponseItem.Value("MODSEQ", new ImapValue.List([new ImapValue.Number((ulong)modSeq)])));
        }

        return new FetchResponse(number, items);
    }
}
