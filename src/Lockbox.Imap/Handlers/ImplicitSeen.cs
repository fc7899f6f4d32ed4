// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// RFC 3501 section 6.4.5: a FETCH of BODY[...] (not BODY.PEEK), RFC822 or RFC822.TEXT sets \Seen, in a
/// mailbox selected read-write only (EXAMINE changes nothing, section 6.3.2). The FETCH response then
/// carries the new FLAGS even if the client did not ask for them (section 7.4.2: the server reports flag
/// changes), which is what clients rely on to update their unread counts.
/// </summary>
internal static class ImplicitSeen
{
    const string Seen = @"\Seen";

    /// <summary>
    /// Sets \Seen on the messages the FETCH reads whose body it reads and that lack it, and returns the state
    /// with an updated snapshot plus the UIDs whose flags changed (for <see cref="AddFlags"/>).
    /// </summary>
    public static async Task<(ImapSessionState.LoggedIn.Selected State, IReadOnlySet<long> Changed)> ApplyAsync(
        FetchCommand command, ImapSessionState.LoggedIn.Selected selected, CancellationToken cancellationToken)
    {
        var mailbox = selected.Mailbox;
        if (mailbox.ReadOnly || !command.Attributes.Any(SetsSeen) || MessageSet.HasInvalidNumber(command.Set, command.Uid, mailbox.Messages.Count))
        {
            return (selected, new HashSet<long>());
        }

        var unseen = MessageSet.Resolve(command.Set, command.Uid, mailbox.Messages)
            .Where(m => !m.Message.Flags.Contains(Seen, StringComparer.OrdinalIgnoreCase))
            .Select(m => m.Message.Uid)
            .ToList();
        if (unseen.Count == 0)
        {
            return (selected, new HashSet<long>());
        }

        var outcome = await selected.Mail.StoreFlagsAsync(mailbox.Name, unseen, FlagChange.Add, [Seen], null, cancellationToken);
        var updated = outcome.Messages.ToDictionary(m => m.Uid);
        var messages = mailbox.Messages
            .Select(m => updated.TryGetValue(m.Uid, out var state) ? m with { Flags = state.Flags, ModSeq = state.ModSeq } : m)
            .ToList();
        return (selected with { Mailbox = mailbox with { Messages = messages } }, updated.Keys.ToHashSet());
    }

    /// <summary>Adds FLAGS to a message's FETCH items when its \Seen was just set and FLAGS was not asked for.</summary>
    public static void AddFlags(List<FetchResponseItem> items, MessageInfo message, IReadOnlySet<long> changed)
    {
        if (changed.Contains(message.Uid) && !items.Any(i => i.Name == "FLAGS"))
        {
            items.Add(new FetchResponseItem.Value("FLAGS", new ImapValue.List([.. message.Flags.Select(f => (ImapValue)new ImapValue.Atom(f))])));
        }
    }

    static bool SetsSeen(FetchAtt attribute) => attribute is FetchAtt.Body { Peek: false }
        or FetchAtt.Simple { Item: FetchItem.Rfc822 or FetchItem.Rfc822Text };
}
