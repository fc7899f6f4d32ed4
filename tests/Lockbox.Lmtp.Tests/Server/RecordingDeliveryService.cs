// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using Lockbox.Vault.Contracts;

namespace Lockbox.Lmtp.Tests.Server;

/// <summary>
/// A delivery service for protocol tests of the LMTP layer alone: it keeps messages in memory.
/// The real funnel is exercised by the end-to-end tests. Recipients: "*@example.org" exist;
/// "tempfail@example.org" fails temporarily; "crash@example.org" makes the funnel throw.
/// </summary>
internal sealed class RecordingDeliveryService : IDeliveryService
{
    public ConcurrentQueue<(DeliveryRequest Request, byte[] Message)> Delivered { get; } = new();

    public Task<RecipientCheck> CheckRecipientAsync(string address, long? declaredSize, CancellationToken cancellationToken) =>
        Task.FromResult(address.EndsWith("@example.org", StringComparison.OrdinalIgnoreCase) ? RecipientCheck.Local : RecipientCheck.Unknown);

    public async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(DeliveryRequest request, Stream message, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await message.CopyToAsync(copy, cancellationToken);
        if (request.Recipients.Contains("crash@example.org"))
        {
            throw new InvalidOperationException("simulated funnel failure");
        }

        Delivered.Enqueue((request, copy.ToArray()));
        return [.. request.Recipients.Select(r => r == "tempfail@example.org"
            ? new DeliveryResult(r, DeliveryStatus.TemporaryFailure)
            : new DeliveryResult(r, DeliveryStatus.Stored))];
    }
}
