// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// ENABLE (RFC 5161 section 3.1). CONDSTORE (RFC 7162 section 3.1) and UTF8=ACCEPT (RFC 9755 section 3) can
/// be enabled; the ENABLED response lists what this command newly enabled, and unknown names are ignored,
/// not refused (section 3.1). The connection reads and writes UTF-8 from the next command on.
/// </summary>
internal sealed class EnableHandler : IImapHandler
{
    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (EnableCommand)request.Command;
        var enabled = new List<ImapValue> { new ImapValue.Atom("ENABLED") };
        if (command.Capabilities.Contains("CONDSTORE") && !connection.Enabled.CondStore)
        {
            connection.Enabled.CondStore = true;
            enabled.Add(new ImapValue.Atom("CONDSTORE"));
        }

        if (command.Capabilities.Contains("UTF8=ACCEPT") && !connection.Enabled.Utf8Accept)
        {
            connection.Enabled.Utf8Accept = true;
            enabled.Add(new ImapValue.Atom("UTF8=ACCEPT"));
        }

        return Task.FromResult(ImapResult.Ok(request.Tag, "Enable completed", new ImapDataResponse(new EquatableList<ImapValue>(enabled))));
    }
}
