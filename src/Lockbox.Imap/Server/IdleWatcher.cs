// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>
/// The read of an idling connection (RFC 2177 section 3): it waits for the client's DONE and, meanwhile,
/// for Vault's change signal on the selected mailbox. Each change is reported at once (EXISTS, EXPUNGE,
/// FETCH FLAGS) and the snapshot is moved forward, so sequence numbers stay in step with the client.
/// </summary>
internal static class IdleWatcher
{
    /// <summary>
    /// How long an idling connection waits before it looks again at a store that could not answer: 5 s (the web's
    /// Retry-After), doubling while the store stays down, up to a minute, each wait stretched by up to a fifth at random.
    /// A thousand idling clients then ask a store that is down about 17 times a second, not 200, and not all at once.
    /// </summary>
    internal static TimeSpan UnavailableRetry(int failures) =>
        TimeSpan.FromSeconds(Math.Min(5 << Math.Min(failures, 4), 60) * (1 + (Random.Shared.NextDouble() / 5)));

    /// <summary>
    /// Completes with the client's next input; sends change reports until it arrives. Null when the selected
    /// mailbox was deleted or renamed meanwhile: the BYE of <see cref="MailboxSync.Gone"/> is sent, and the
    /// connection closes.
    /// </summary>
    public static async Task<ReadResult?> ReadAsync(
        PipeReader input, Func<ImapSessionState> getState, Action<ImapSessionState> setState, ResponseSender sender, EnabledExtensions enabled,
        CancellationToken cancellationToken)
    {
        var read = input.ReadAsync(cancellationToken).AsTask();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failures = 0;
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

                IReadOnlyList<ImapResponse> responses = [];
                var mailbox = selected.Mailbox;
                bool gone;
                try
                {
                    await change;
                    (responses, mailbox, gone) = await MailboxSync.RefreshAsync(selected.Mail, selected.Mailbox, allowExpunge: true, enabled.CondStore, cancellationToken);
                }
                catch (MailboxNotFoundException)
                {
                    gone = true;
                }
                catch (MailboxOperationException e) when (e.Error == MailboxError.Unavailable)
                {
                    // The store cannot answer now. IDLE has no way to say so short of BYE (RFC 2177), and the client may
                    // stay in it for 29 minutes, so keep it and look again after a pause: changes made once the store is
                    // back are reported as they happen, not only after the client's next DONE.
                    if (await Task.WhenAny(read, Task.Delay(UnavailableRetry(failures++), stop.Token)) == read)
                    {
                        break;
                    }

                    continue;
                }

                failures = 0;

                if (gone)
                {
                    // RFC 2180 section 3.3: deleted or renamed by another session while this one idles.
                    await sender.SendAsync(MailboxSync.Gone.Responses, cancellationToken);
                    input.CancelPendingRead();
                    await read;
                    return null;
                }

                setState(selected with { Mailbox = mailbox });
                if (responses.Count > 0)
                {
                    await sender.SendAsync(responses, cancellationToken);
                }

                if (mailbox.Info.HighestModSeq == known)
                {
                    // The refresh could not catch up: stop watching rather than spin; DONE and the next
                    // command still work.
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
