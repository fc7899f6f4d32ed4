// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// LIST and LSUB (RFC 3501 sections 6.3.8-9) with CHILDREN (RFC 3348) and SPECIAL-USE (RFC 6154)
/// attributes, and the SPECIAL-USE and SUBSCRIBED selection options (RFC 6154 section 3, RFC 5258).
/// </summary>
internal sealed class ListHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        var (lsub, reference, patterns, selection, returns) = request.Command switch
        {
            LsubCommand l => (true, l.Reference, (IReadOnlyList<string>)[l.Pattern], ListSelection.Subscribed, ListReturn.None),
            ListCommand l => (false, l.Reference, l.Patterns, l.Selection, l.Return),
            _ => throw new ArgumentException("Not a LIST or LSUB command.", nameof(request)),
        };
        var name = lsub ? "LSUB" : "LIST";
        if (!lsub && patterns is [""])
        {
            // RFC 3501 section 6.3.8: an empty pattern asks for the delimiter and the root.
            return ImapResult.Ok(request.Tag, "List completed", Line(name, [@"\Noselect"], ""));
        }

        var mailboxes = await mail.ListMailboxesAsync(cancellationToken);
        var matchers = patterns.Select(p => MailboxNames.Matcher(reference, p)).ToList();
        var lines = new List<ImapResponse>();
        foreach (var mailbox in mailboxes)
        {
            if (!matchers.Any(m => m(mailbox.Name))
                || (selection.HasFlag(ListSelection.Subscribed) && !mailbox.Subscribed)
                || (selection.HasFlag(ListSelection.SpecialUse) && mailbox.SpecialUse is null))
            {
                continue;
            }

            lines.Add(Line(name, Attributes(mailboxes, mailbox, lsub, selection, returns), mailbox.Name));
        }

        return ImapResult.Ok(request.Tag, lsub ? "Lsub completed" : "List completed", lines);
    }

    static List<string> Attributes(IReadOnlyList<MailboxInfo> mailboxes, MailboxInfo mailbox, bool lsub, ListSelection selection, ListReturn returns)
    {
        var attributes = new List<string> { MailboxNames.HasChildren(mailboxes, mailbox.Name) ? @"\HasChildren" : @"\HasNoChildren" };
        // RFC 6154 section 2: special-use attributes go out in plain LIST too; LSUB keeps RFC 3501's set.
        if (!lsub && mailbox.SpecialUse is { } use)
        {
            attributes.Add("\\" + use);
        }

        if (!lsub && mailbox.Subscribed && (selection.HasFlag(ListSelection.Subscribed) || returns.HasFlag(ListReturn.Subscribed)))
        {
            attributes.Add(@"\Subscribed");
        }

        return attributes;
    }

    static ImapDataResponse Line(string name, IEnumerable<string> attributes, string mailbox) =>
        new([
            new ImapValue.Atom(name),
            new ImapValue.List([.. attributes.Select(a => (ImapValue)new ImapValue.Atom(a))]),
            new ImapValue.Text(MailboxNames.Delimiter),
            mailbox.Length == 0 ? new ImapValue.Text("") : new ImapValue.Mailbox(mailbox),
        ]);
}
