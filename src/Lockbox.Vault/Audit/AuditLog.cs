// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Storage;

namespace Lockbox.Vault.Audit;

/// <summary>
/// The append-only, hash-chained audit log (issue 5, item 6): escrow exports and restores, consent
/// changes and credential changes. Users can read their own entries. Editing or deleting an entry breaks
/// the chain from there on; removing entries at the end is caught by comparing with a head hash recorded
/// elsewhere (<c>lockbox audit verify --expect-head</c>).
/// </summary>
public sealed class AuditLog
{
    readonly IMailStore _store;

    internal AuditLog(IMailStore store)
    {
        _store = store;
    }

    internal Task RecordAsync(string address, string eventName, string detail, CancellationToken cancellationToken) =>
        _store.AppendAuditAsync(address, eventName, detail, cancellationToken);

    /// <summary>The entries about <paramref name="address"/>, oldest first.</summary>
    public Task<IReadOnlyList<AuditRecord>> ListAsync(string address, CancellationToken cancellationToken) =>
        _store.ListAuditAsync(address, cancellationToken);

    /// <summary>Recomputes the whole chain; with <paramref name="expectedHead"/>, also checks nothing was cut off its end.</summary>
    public async Task<AuditVerdict> VerifyAsync(string? expectedHead, CancellationToken cancellationToken)
    {
        var records = await _store.ListAuditAsync(null, cancellationToken);
        var previous = AuditChain.Genesis;
        var expectedSequence = 1L;
        foreach (var record in records)
        {
            var problem = record.Sequence != expectedSequence ? $"entry {expectedSequence} is missing (next is {record.Sequence})"
                : !CryptographicOperations.FixedTimeEquals(record.PreviousHash, previous) ? $"entry {record.Sequence} does not follow entry {record.Sequence - 1}"
                : !CryptographicOperations.FixedTimeEquals(record.Hash, AuditChain.Hash(previous, record.Sequence, record.TimeUtc, record.Address, record.Event, record.Detail))
                    ? $"entry {record.Sequence} was changed after it was written"
                : null;
            if (problem is not null)
            {
                return new AuditVerdict(records.Count, Convert.ToHexString(records[^1].Hash), problem);
            }

            previous = record.Hash;
            expectedSequence++;
        }

        // A recorded head stays in the log as entries are added after it; gone, the end was cut or rewritten.
        var head = Convert.ToHexString(previous);
        var headKept = expectedHead is null || records.Any(r => Convert.ToHexString(r.Hash).Equals(expectedHead, StringComparison.OrdinalIgnoreCase));
        return new AuditVerdict(records.Count, head, headKept ? null : $"the recorded head {expectedHead} is no longer in the log: entries at its end were removed or rewritten");
    }
}
