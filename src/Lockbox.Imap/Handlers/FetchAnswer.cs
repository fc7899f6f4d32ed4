// SPDX-License-Identifier: MIT
using System.Collections;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// A FETCH result whose untagged responses are made as the sender reaches them, the tagged status last. With the
/// sender's periodic flush, the client parses the first messages of a <c>FETCH 1:*</c> over 10,000 while the rest are
/// made, instead of waiting for all of them (docs/decisions/0014), and each response is garbage as soon as it is sent.
/// The items read only what the handler resolved before returning (rows, metadata, implicit \Seen), so making them
/// later answers the same.
/// </summary>
internal sealed class FetchAnswer(IReadOnlyList<int> indexes, Func<int, FetchResponse> make, ImapStatusResponse status) : IReadOnlyList<ImapResponse>
{
    public int Count => indexes.Count + 1;

    public ImapResponse this[int index] => index == indexes.Count ? status : make(indexes[index]);

    public IEnumerator<ImapResponse> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
