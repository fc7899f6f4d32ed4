// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>One entry of the user's audit log: every escrow use, consent, password and key change.</summary>
/// <param name="Sequence">The entry's place in the server-wide hash chain.</param>
/// <param name="TimeUtc">When it happened, to the second.</param>
/// <param name="Event">The fixed kebab-case event name, e.g. "escrow-opt-out", "password-changed".</param>
/// <param name="Title">The event in plain words, e.g. "You opted out of key escrow".</param>
/// <param name="Detail">What the log recorded: who agreed, to which text version, counts, fingerprints.</param>
public sealed record SecurityEvent(long Sequence, DateTime TimeUtc, string Event, string Title, string Detail);
