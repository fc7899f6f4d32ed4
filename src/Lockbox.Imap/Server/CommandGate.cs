// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Server;

/// <summary>
/// The one table of which command is allowed in which state (RFC 3501 sections 6.1-6.4, STYLE.md
/// section 3.4, after Stalwart's is_allowed and Dovecot's imap-commands.c flags). It runs before
/// any handler, so handlers never re-check the state.
/// </summary>
internal static class CommandGate
{
    static readonly Dictionary<ImapVerb, StateSet> Allowed = new()
    {
        // RFC 3501 section 6.1: any state.
        [ImapVerb.Capability] = StateSet.Any,
        [ImapVerb.Noop] = StateSet.Any,
        [ImapVerb.Logout] = StateSet.Any,
        [ImapVerb.Id] = StateSet.Any, // RFC 2971 section 3.1: any state.

        // Section 6.2: not authenticated only.
        [ImapVerb.StartTls] = StateSet.NotAuthenticated,
        [ImapVerb.Authenticate] = StateSet.NotAuthenticated,
        [ImapVerb.AuthenticateResponse] = StateSet.NotAuthenticated,
        [ImapVerb.Login] = StateSet.NotAuthenticated,

        // Section 6.3: authenticated or selected.
        [ImapVerb.Select] = StateSet.LoggedIn,
        [ImapVerb.Examine] = StateSet.LoggedIn,
        [ImapVerb.Create] = StateSet.LoggedIn,
        [ImapVerb.Delete] = StateSet.LoggedIn,
        [ImapVerb.Rename] = StateSet.LoggedIn,
        [ImapVerb.Subscribe] = StateSet.LoggedIn,
        [ImapVerb.Unsubscribe] = StateSet.LoggedIn,
        [ImapVerb.List] = StateSet.LoggedIn,
        [ImapVerb.Lsub] = StateSet.LoggedIn,
        [ImapVerb.Status] = StateSet.LoggedIn,
        [ImapVerb.Append] = StateSet.LoggedIn,
        [ImapVerb.Namespace] = StateSet.LoggedIn,
        [ImapVerb.GetQuotaRoot] = StateSet.LoggedIn,
        [ImapVerb.GetQuota] = StateSet.LoggedIn,
        [ImapVerb.SetQuota] = StateSet.LoggedIn,
        [ImapVerb.Idle] = StateSet.LoggedIn,
        [ImapVerb.Done] = StateSet.LoggedIn,

        // RFC 5161 section 3.1: ENABLE only before a mailbox is selected.
        [ImapVerb.Enable] = StateSet.Authenticated,

        // Section 6.4: selected only.
        [ImapVerb.Check] = StateSet.Selected,
        [ImapVerb.Close] = StateSet.Selected,
        [ImapVerb.Unselect] = StateSet.Selected,
        [ImapVerb.Expunge] = StateSet.Selected,
        [ImapVerb.Search] = StateSet.Selected,
        [ImapVerb.Fetch] = StateSet.Selected,
        [ImapVerb.Store] = StateSet.Selected,
        [ImapVerb.Copy] = StateSet.Selected,
        [ImapVerb.Move] = StateSet.Selected,
    };

    /// <summary>Null when <paramref name="request"/> may run in <paramref name="state"/>, otherwise the tagged BAD to send.</summary>
    public static ImapStatusResponse? Check(ImapRequest request, ImapSessionState state)
    {
        var current = state switch
        {
            ImapSessionState.NotAuthenticated => StateSet.NotAuthenticated,
            ImapSessionState.LoggedIn.Authenticated => StateSet.Authenticated,
            _ => StateSet.Selected,
        };
        var allowed = Allowed.GetValueOrDefault(request.Command.Verb);
        if ((allowed & current) != 0)
        {
            return null;
        }

        var text = current == StateSet.NotAuthenticated ? "Log in first"
            : allowed == StateSet.NotAuthenticated ? "Already logged in"
            : allowed == StateSet.Selected ? "Select a mailbox first"
            : "Not allowed in this state";
        return new ImapStatusResponse(request.Tag, ImapStatus.Bad, null, text);
    }
}
