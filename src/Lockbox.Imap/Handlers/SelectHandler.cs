// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>SELECT and EXAMINE (RFC 3501 sections 6.3.1-2, HIGHESTMODSEQ from RFC 7162 section 3.1.2.1).</summary>
internal sealed class SelectHandler : IImapHandler
{
    /// <summary>The system flags of RFC 3501 section 2.3.2 (\Recent is never set: Lockbox has no "recent" notion).</summary>
    public static readonly string[] SystemFlags = [@"\Answered", @"\Flagged", @"\Deleted", @"\Seen", @"\Draft"];

    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (SelectCommand)request.Command;
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        var deselected = Deselected(state);
        var info = await MailboxNames.FindAsync(mail, command.Mailbox, cancellationToken);
        IReadOnlyList<MessageInfo> messages;
        try
        {
            messages = info is null ? [] : await mail.ListMessagesAsync(info.Name, cancellationToken);
        }
        catch (MailboxNotFoundException)
        {
            info = null;
            messages = [];
        }

        if (info is null)
        {
            return ImapResult.NoSuchMailbox(request.Tag) with { NextState = deselected };
        }

        if (command.Condstore)
        {
            // RFC 7162 section 3.1: SELECT (CONDSTORE) enables CONDSTORE for the connection.
            connection.Enabled.CondStore = true;
        }

        // FLAGS lists the keywords in use too; PERMANENTFLAGS adds \* because any new keyword can be stored
        // (RFC 3501 section 7.1, PERMANENTFLAGS). EXAMINE can change nothing, so its list is empty.
        var keywords = messages.SelectMany(m => m.Flags).Where(f => !f.StartsWith('\\')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var responses = new List<ImapResponse>
        {
            new ImapDataResponse([new ImapValue.Atom("FLAGS"), Atoms([.. SystemFlags, .. keywords])]),
            new ImapDataResponse([new ImapValue.Number((ulong)messages.Count), new ImapValue.Atom("EXISTS")]),
            new ImapDataResponse([new ImapValue.Number(0), new ImapValue.Atom("RECENT")]),
            command.ReadOnly
                ? Untagged(ResponseCode.PermanentFlags([]), "Read-only mailbox")
                : Untagged(ResponseCode.PermanentFlags([.. SystemFlags, .. keywords, @"\*"]), "Flags permitted"),
        };
        var firstUnseen = messages.ToList().FindIndex(m => !m.Flags.Contains(@"\Seen"));
        if (firstUnseen >= 0)
        {
            responses.Add(Untagged(ResponseCode.Unseen((uint)firstUnseen + 1), "First unseen"));
        }

        responses.Add(Untagged(ResponseCode.UidValidity((uint)info.UidValidity), "UIDs valid"));
        responses.Add(Untagged(ResponseCode.UidNext((uint)info.UidNext), "Predicted next UID"));
        responses.Add(Untagged(ResponseCode.HighestModSeq((ulong)info.HighestModSeq), "Highest"));
        responses.Add(new ImapStatusResponse(
            request.Tag, ImapStatus.Ok, command.ReadOnly ? ResponseCode.ReadOnly : ResponseCode.ReadWrite, command.ReadOnly ? "Examine completed" : "Select completed"));
        return new ImapResult(responses, new ImapSessionState.LoggedIn.Selected(mail, new SelectedMailbox(info, messages, command.ReadOnly)));
    }

    /// <summary>The state after a failed SELECT or EXAMINE: logged in, no mailbox selected (RFC 3501 section 6.3.1).</summary>
    public static ImapSessionState Deselected(ImapSessionState state) => new ImapSessionState.LoggedIn.Authenticated(((ImapSessionState.LoggedIn)state).Mail);

    static ImapStatusResponse Untagged(ResponseCode code, string text) => new(null, ImapStatus.Ok, code, text);

    static ImapValue.List Atoms(IEnumerable<string> atoms) => new([.. atoms.Select(a => (ImapValue)new ImapValue.Atom(a))]);
}
