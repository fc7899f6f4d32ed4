// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>One message to deliver.</summary>
/// <param name="Recipients">The local addresses, as accepted by <see cref="IDeliveryService.CheckRecipientAsync"/>.</param>
/// <param name="ReturnPath">
/// The envelope sender for the Return-Path trace header (RFC 5321 section 4.4), empty for the null
/// path; null when the writer adds no trace headers (IMAP APPEND, import).
/// </param>
/// <param name="Mailbox">The target mailbox name; INBOX for mail delivery.</param>
public sealed record DeliveryRequest(IReadOnlyList<string> Recipients, string? ReturnPath, string Mailbox = "INBOX");
