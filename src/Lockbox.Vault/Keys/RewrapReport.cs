// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Keys;

/// <summary>What one run of <see cref="SessionKeyRewrapper"/> did (docs/decisions/0020).</summary>
/// <param name="Fingerprint">The active key everything is wrapped to now.</param>
/// <param name="Messages">The user's encrypted message rows seen.</param>
/// <param name="Rewrapped">Rows whose blob this run re-wrapped.</param>
/// <param name="AlreadyWrapped">Rows whose blob was wrapped to the active key before (new mail, or an earlier run).</param>
/// <param name="Records">Metadata records and search documents re-wrapped.</param>
/// <param name="MailboxKeyRewrapped">Whether the wrapped mailbox key was re-wrapped by this run.</param>
/// <param name="Failed">Rows left as they were because no unlocked key opens their blob, or it is not in a form re-wrapping reads.</param>
/// <param name="FirstFailure">Why the mailbox key, or else the first of <paramref name="Failed"/>, was not re-wrapped; null when nothing failed.</param>
/// <param name="KeysNotOpened">Older keys of the user that the given secret did not open (their mail is in <paramref name="Failed"/>).</param>
public sealed record RewrapReport(
    string Fingerprint, long Messages, long Rewrapped, long AlreadyWrapped, long Records, bool MailboxKeyRewrapped,
    long Failed, string? FirstFailure, int KeysNotOpened);
