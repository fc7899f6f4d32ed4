// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>The outcome for one recipient of a delivery.</summary>
/// <param name="Recipient">The address as given in the request.</param>
/// <param name="Status">Whether the copy is durable.</param>
/// <param name="Reason">For failures, a short reason safe to send to the client and to log: never message content.</param>
public sealed record DeliveryResult(string Recipient, DeliveryStatus Status, string? Reason = null);
