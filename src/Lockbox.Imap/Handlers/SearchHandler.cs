// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8). Vault evaluates the query over its encrypted
/// search index; this handler resolves the session's sequence numbers and reports only messages the client
/// was told about, by sequence number or UID.
/// </summary>
internal sealed class SearchHandler : IImapHandler
{
    // RFC 3501 section 6.4.4: a server MUST support US-ASCII and answers BADCHARSET with the ones it supports.
    static readonly ResponseCode BadCharset = new("BADCHARSET", "(UTF-8 US-ASCII)");

    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (SearchCommand)request.Command;
        if (command.Charset is { } charset && charset is not ("UTF-8" or "US-ASCII"))
        {
            return ImapResult.No(request.Tag, BadCharset, "Unsupported charset");
        }

        var selected = (ImapSessionState.LoggedIn.Selected)state;
        var messages = selected.Mailbox.Messages;
        IReadOnlyList<long> uids;
        try
        {
            uids = await selected.Mail.SearchAsync(selected.Mailbox.Name, SearchQueryMapper.Map(command.Criteria, messages), cancellationToken);
        }
        catch (SearchUnavailableException)
        {
            return ImapResult.No(request.Tag, ResponseCode.Cannot,
                "Text search is not possible: this mailbox is encrypted to a key the server does not hold. Flag, date and size keys work");
        }
        catch (MailboxNotFoundException)
        {
            return ImapResult.NoSuchMailbox(request.Tag);
        }

        var items = new List<ImapValue> { new ImapValue.Atom("SEARCH") };
        var highestModSeq = 0L;
        foreach (var uid in uids)
        {
            // Messages delivered since the client's last EXISTS have no sequence number yet: leave them out.
            var index = IndexOf(messages, uid);
            if (index >= 0)
            {
                items.Add(new ImapValue.Number(command.Uid ? (ulong)uid : (ulong)(index + 1)));
                highestModSeq = Math.Max(highestModSeq, messages[index].ModSeq);
            }
        }

        // RFC 7162 section 3.1.5: a search with MODSEQ reports the highest mod-sequence of the matches.
        if (highestModSeq > 0 && HasModSeq(command.Criteria))
        {
            items.Add(new ImapValue.List([new ImapValue.Atom("MODSEQ"), new ImapValue.Number((ulong)highestModSeq)]));
        }

        return ImapResult.Ok(request.Tag, command.Uid ? "UID SEARCH completed" : "SEARCH completed", new ImapDataResponse([.. items]));
    }

    /// <summary>The index of the message with this UID in the snapshot (UID order), or -1.</summary>
    static int IndexOf(IReadOnlyList<MessageInfo> messages, long uid)
    {
        var (low, high) = (0, messages.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var found = messages[middle].Uid;
            if (found == uid)
            {
                return middle;
            }

            (low, high) = found < uid ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }

    static bool HasModSeq(SearchKey key) => key switch
    {
        SearchKey.ModSeq => true,
        SearchKey.AllOf all => all.Keys.Any(HasModSeq),
        SearchKey.Either either => HasModSeq(either.Left) || HasModSeq(either.Right),
        SearchKey.Negated negated => HasModSeq(negated.Key),
        _ => false,
    };
}
