// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// LIST and LSUB (RFC 3501 sections 6.3.8-9) with CHILDREN (RFC 3348) and SPECIAL-USE (RFC 6154)
/// attributes, LIST-EXTENDED (RFC 5258: selection SUBSCRIBED, SPECIAL-USE, RECURSIVEMATCH; return
/// SUBSCRIBED, CHILDREN, SPECIAL-USE) and LIST-STATUS (RFC 5819). Subscriptions are names: one whose
/// mailbox was deleted lists as \NonExistent (RFC 5258 section 3.4), or \Noselect in LSUB.
/// </summary>
internal sealed class ListHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var mail = ((ImapSessionState.LoggedIn)state).Mail;
        var (lsub, reference, patterns, selection, returns, statusItems) = request.Command switch
        {
            LsubCommand l => (true, l.Reference, (IReadOnlyList<string>)[l.Pattern], ListSelection.Subscribed, ListReturn.None, (IReadOnlyList<StatusItem>)[]),
            ListCommand l => (false, l.Reference, l.Patterns, l.Selection, l.Return, l.StatusItems),
            _ => throw new ArgumentException("Not a LIST or LSUB command.", nameof(request)),
        };
        var name = lsub ? "LSUB" : "LIST";
        if (!lsub && patterns is [""])
        {
            // RFC 3501 section 6.3.8: an empty pattern asks for the delimiter and the root.
            return ImapResult.Ok(request.Tag, "List completed", Line(name, [@"\Noselect"], ""));
        }

        var mailboxes = await mail.ListMailboxesAsync(cancellationToken);
        var wantsSubscriptions = selection.HasFlag(ListSelection.Subscribed) || returns.HasFlag(ListReturn.Subscribed);
        var subscribed = wantsSubscriptions
            ? new HashSet<string>(await mail.ListSubscriptionsAsync(cancellationToken), StringComparer.Ordinal)
            : [];
        var matchers = patterns.Select(p => MailboxNames.Matcher(reference, p)).ToList();
        var lines = new List<ImapResponse>();
        foreach (var (boxName, info) in Candidates(mailboxes, selection.HasFlag(ListSelection.Subscribed) ? subscribed : []))
        {
            if (!matchers.Any(m => m(boxName)))
            {
                continue;
            }

            ImapValue? childInfo = null;
            if (!Selected(boxName, info, subscribed, selection))
            {
                // RFC 5258 section 3.5: with RECURSIVEMATCH, a name whose inferiors match the selection is
                // listed too, marked by CHILDINFO. Only SUBSCRIBED has children here to report.
                if (!selection.HasFlag(ListSelection.RecursiveMatch) || !selection.HasFlag(ListSelection.Subscribed)
                    || !subscribed.Any(s => s.StartsWith(boxName + MailboxNames.Delimiter, StringComparison.Ordinal)))
                {
                    continue;
                }

                childInfo = new ImapValue.List([new ImapValue.Text("CHILDINFO"), new ImapValue.List([new ImapValue.Text("SUBSCRIBED")])]);
            }

            lines.Add(Line(name, Attributes(mailboxes, boxName, info, subscribed, lsub, wantsSubscriptions), boxName, childInfo));
            if (returns.HasFlag(ListReturn.Status) && info is not null
                && await StatusHandler.StatusDataAsync(mail, info, statusItems, cancellationToken) is { } status)
            {
                // RFC 5819 section 2: the STATUS response follows the LIST response of its mailbox.
                lines.Add(status);
            }
        }

        return ImapResult.Ok(request.Tag, lsub ? "Lsub completed" : "List completed", lines);
    }

    /// <summary>Every mailbox, then the subscribed names without one, in name order.</summary>
    static IEnumerable<(string Name, MailboxInfo? Info)> Candidates(IReadOnlyList<MailboxInfo> mailboxes, HashSet<string> subscribed)
    {
        var all = mailboxes.Select(m => (m.Name, (MailboxInfo?)m)).ToList();
        all.AddRange(subscribed.Where(s => MailboxNames.Find(mailboxes, s) is null).Select(s => (s, (MailboxInfo?)null)));
        return all.OrderBy(c => c.Name, StringComparer.Ordinal);
    }

    static bool Selected(string name, MailboxInfo? info, HashSet<string> subscribed, ListSelection selection) =>
        (!selection.HasFlag(ListSelection.Subscribed) || subscribed.Contains(name))
        && (!selection.HasFlag(ListSelection.SpecialUse) || info?.SpecialUse is not null);

    static List<string> Attributes(
        IReadOnlyList<MailboxInfo> mailboxes, string name, MailboxInfo? info, HashSet<string> subscribed, bool lsub, bool showSubscribed)
    {
        var attributes = new List<string>();
        if (info is null)
        {
            // RFC 5258 section 3.4: \NonExistent implies \Noselect; LSUB keeps RFC 3501's \Noselect.
            attributes.Add(lsub ? @"\Noselect" : @"\NonExistent");
        }

        attributes.Add(MailboxNames.HasChildren(mailboxes, name) ? @"\HasChildren" : @"\HasNoChildren");
        // RFC 6154 section 2: special-use attributes go out in plain LIST too; LSUB keeps RFC 3501's set.
        if (!lsub && info?.SpecialUse is { } use)
        {
            attributes.Add("\\" + use);
        }

        if (!lsub && showSubscribed && subscribed.Contains(name))
        {
            attributes.Add(@"\Subscribed");
        }

        return attributes;
    }

    static ImapDataResponse Line(string name, IEnumerable<string> attributes, string mailbox, ImapValue? extended = null)
    {
        List<ImapValue> values =
        [
            new ImapValue.Atom(name),
            new ImapValue.List([.. attributes.Select(a => (ImapValue)new ImapValue.Atom(a))]),
            new ImapValue.Text(MailboxNames.Delimiter),
            mailbox.Length == 0 ? new ImapValue.Text("") : new ImapValue.Mailbox(mailbox),
        ];
        if (extended is not null)
        {
            values.Add(extended);
        }

        return new ImapDataResponse([.. values]);
    }
}
