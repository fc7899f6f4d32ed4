// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Sending;
using Lockbox.Vault.Sending;

namespace Lockbox.Vault.Sessions;

/// <summary>Compose, send and drafts for the webmail (docs/decisions/0025): the MIME and SMTP work stays in Vault.</summary>
internal sealed partial class MailSession
{
    /// <summary>The relay and the Sent/Drafts steps; set by <see cref="SessionService"/>.</summary>
    internal Submission? Submission { get; init; }

    public bool CanSend => Submission?.CanSend ?? false;

    public Task<IReadOnlyList<string>> DescribeCarriedAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        Available(() => Sending.Submission.DescribeCarriedAsync(this, message, cancellationToken));

    public Task<ComposeOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        Available(() => RequireSubmission().SendAsync(this, message, cancellationToken));

    public Task<ComposeOutcome> SaveDraftAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        Available(() => RequireSubmission().SaveDraftAsync(this, message, cancellationToken));

    Submission RequireSubmission() => Submission ?? throw new InvalidOperationException("the session has no submission service");
}
