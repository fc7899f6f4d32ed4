// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>Resolves a sequence set against the selected snapshot (RFC 3501 section 9, sequence-set).</summary>
internal static class MessageSet
{
    /// <summary>
    /// RFC 9051 section 6.4.5 (and RFC 3501's errata): a message sequence number beyond EXISTS is an error.
    /// UIDs that do not exist are simply not matched (RFC 3501 section 6.4.8).
    /// </summary>
    public static bool HasInvalidNumber(SequenceSet set, bool uid, int count) =>
        !uid && set.Ranges.Any(r => (r.First != SequenceSet.Star && r.First > count) || (r.Last != SequenceSet.Star && r.Last > count));

    /// <summary>The snapshot's messages in <paramref name="set"/>, with their sequence numbers, in sequence order.</summary>
    public static IReadOnlyList<(uint Number, MessageInfo Message)> Resolve(SequenceSet set, bool uid, IReadOnlyList<MessageInfo> messages)
    {
        var largest = uid ? (messages.Count == 0 ? 0 : (uint)messages[^1].Uid) : (uint)messages.Count;
        var matched = new List<(uint, MessageInfo)>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (set.Contains(uid ? (uint)messages[i].Uid : (uint)(i + 1), largest))
            {
                matched.Add(((uint)(i + 1), messages[i]));
            }
        }

        return matched;
    }

    /// <summary>UIDs as a compact sequence set ("4:6,9"), in the order given (RFC 4315 uid-set).</summary>
    public static SequenceSet Compact(IEnumerable<long> uids)
    {
        var ranges = new List<SequenceRange>();
        foreach (var uid in uids.Select(u => (uint)u))
        {
            if (ranges.Count > 0 && ranges[^1].Last + 1 == uid && ranges[^1].Last != SequenceSet.Star)
            {
                ranges[^1] = ranges[^1] with { Last = uid };
            }
            else
            {
                ranges.Add(new SequenceRange(uid, uid));
            }
        }

        return new SequenceSet(new EquatableList<SequenceRange>(ranges));
    }
}
