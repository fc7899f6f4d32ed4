// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>
/// The read of an idling connection (RFC 2177 section 3): it waits for the client's DONE and, meanwhile,
/// for Vault's change signal on the selected mailbox. Each change is reported at once (EXISTS, EXPUNGE,
/// FETCH FLAGS) and the snapshot is moved forward, so sequence numbers stay in step with the client.
/// </summary>
internal static class IdleWatcher
{
    /// <summary>Completes with the client's next input; sends change reports until it arrives.</summary>
    public static async Task<ReadResult> ReadAsync(
        PipeReader input, Func<ImapSessionState> getState, Action<ImapSessionState> setState, ResponseSender sender, EnabledExtensions enabled,
        CancellationToken cancellationToken)
    {
        var read = input.ReadAsync(cancellationToken).AsTask();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (getState() is ImapSessionState.LoggedIn.Selected selected)
            {
                var known = selected.Mailbox.Info.HighestModSeq;
                var change = selected.Mail.WaitForChangeAsync(selected.Mailbox.Name, known, stop.Token);
                if (await Task.WhenAny(read, change) == read)
                {
                    break;
                }

                try
                {
                    await change;
                }
                catch (MailboxNotFoundException)
                {
                    // Deleted while we idle: nothing more to watch; the next command finds out.
                    break;
                }

                var (responses, mailbox) = await MailboxSync.RefreshAsync(selected.Mail, selected.Mailbox, allowExpunge: true, enabled.CondStore, cancellationToken);
                setState(selected with { Mailbox = mailbox });
                if (responses.Count > 0)
                {
                    await sender.SendAsync(responses, cancellationToken);
                }

                if (mailbox.Info.HighestModSeq == known)
                {
                    // The refresh could not catch up (the mailbox was replaced under the same name): stop
                    // watching rather than spin; DONE and the next command still work.
                    break;
                }
            }

            return await read;
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
