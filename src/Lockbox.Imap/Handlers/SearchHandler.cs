// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8), with RETURN options (ESEARCH, RFC 4731). Vault evaluates the query over its encrypted
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

        var numbers = new List<ulong>();
        var highestModSeq = 0L;
        foreach (var uid in uids)
        {
            // Messages delivered since the client's last EXISTS have no sequence number yet: leave them out.
            var index = IndexOf(messages, uid);
            if (index >= 0)
            {
                numbers.Add(command.Uid ? (ulong)uid : (ulong)(index + 1));
                highestModSeq = Math.Max(highestModSeq, messages[index].ModSeq);
            }
        }

        // RFC 7162 section 3.1.5: a search with MODSEQ reports the highest mod-sequence of the matches.
        var modSeq = highestModSeq > 0 && HasModSeq(command.Criteria) ? (ulong)highestModSeq : 0;
        var response = command.Return is { } returns ? Extended(request.Tag, command.Uid, returns, numbers, modSeq) : Classic(numbers, modSeq);
        return ImapResult.Ok(request.Tag, command.Uid ? "UID SEARCH completed" : "SEARCH completed", response);
    }

    static ImapDataResponse Classic(List<ulong> numbers, ulong modSeq)
    {
        var items = new List<ImapValue> { new ImapValue.Atom("SEARCH") };
        items.AddRange(numbers.Select(n => new ImapValue.Number(n)));
        if (modSeq > 0)
        {
            items.Add(new ImapValue.List([new ImapValue.Atom("MODSEQ"), new ImapValue.Number(modSeq)]));
        }

        return new ImapDataResponse([.. items]);
    }

    /// <summary>RFC 4731 section 3.1: * ESEARCH (TAG "t") [UID] MIN n MAX n ALL set COUNT n; MIN, MAX and ALL only when something matched.</summary>
    static ImapDataResponse Extended(string tag, bool uid, IReadOnlyList<SearchReturn> returns, List<ulong> numbers, ulong modSeq)
    {
        var items = new List<ImapValue> { new ImapValue.Atom("ESEARCH"), new ImapValue.List([new ImapValue.Atom("TAG"), new ImapValue.Text(tag)]) };
        if (uid)
        {
            items.Add(new ImapValue.Atom("UID"));
        }

        foreach (var option in returns)
        {
            switch (option)
            {
                case SearchReturn.Min when numbers.Count > 0:
                    items.AddRange([new ImapValue.Atom("MIN"), new ImapValue.Number(numbers[0])]);
                    break;
                case SearchReturn.Max when numbers.Count > 0:
                    items.AddRange([new ImapValue.Atom("MAX"), new ImapValue.Number(numbers[^1])]);
                    break;
                case SearchReturn.All when numbers.Count > 0:
                    items.AddRange([new ImapValue.Atom("ALL"), new ImapValue.Atom(SequenceText(numbers))]);
                    break;
                case SearchReturn.Count:
                    items.AddRange([new ImapValue.Atom("COUNT"), new ImapValue.Number((ulong)numbers.Count)]);
                    break;
            }
        }

        // RFC 7162 section 3.1.5 extends ESEARCH the same way.
        if (modSeq > 0)
        {
            items.AddRange([new ImapValue.Atom("MODSEQ"), new ImapValue.Number(modSeq)]);
        }

        return new ImapDataResponse([.. items]);
    }

    /// <summary>Ascending numbers as a compact sequence set: 1,2,3,5 is "1:3,5".</summary>
    static string SequenceText(List<ulong> numbers)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < numbers.Count; i++)
        {
            var start = numbers[i];
            while (i + 1 < numbers.Count && numbers[i + 1] == numbers[i] + 1)
            {
                i++;
            }

            text.Append(text.Length > 0 ? "," : "").Append(start.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (numbers[i] != start)
            {
                text.Append(':').Append(numbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
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
