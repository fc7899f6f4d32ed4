// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Hosting;

/// <summary>
/// What <c>/readyz</c> answers (docs/decisions/0032): ready once every listener is bound (set by <see cref="ServerHost"/>
/// after the startup check and the bind) and while the store answers a schema-version read.
/// </summary>
public sealed class Readiness(IMailStore store)
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    volatile bool _listening;

    /// <summary>Called once every listener is bound.</summary>
    public void MarkListening() => _listening = true;

    /// <summary>Null when ready, otherwise why not (a short, fixed text: no exception detail reaches an HTTP client).</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        if (!_listening)
        {
            return "listeners not bound yet";
        }

        // A probe must answer before its prober gives up; a PostgreSQL that does not answer is not ready.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await store.GetSchemaVersionAsync(timeout.Token);
            return null;
        }
        catch (StoreUnavailableException)
        {
            return "store unavailable";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "store did not answer";
        }
    }
}
