// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>One "NAME value" pair of a FETCH response.</summary>
internal abstract record FetchResponseItem(string Name)
{
    /// <summary>A value known up front (FLAGS, UID, RFC822.SIZE, ...).</summary>
    public sealed record Value(string ItemName, ImapValue Data) : FetchResponseItem(ItemName);

    /// <summary>
    /// <paramref name="Length"/> octets of the message from <paramref name="Start"/>, sent as a literal.
    /// <paramref name="Whole"/>: the range is the entire message, so the stream must end exactly there.
    /// </summary>
    public sealed record Slice(string ItemName, IMailSession Mail, string Mailbox, long Uid, long Start, long Length, bool Whole)
        : FetchResponseItem(ItemName);
}
