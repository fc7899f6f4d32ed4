// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// The one ingest path for every writer: LMTP, the LDA verb, IMAP APPEND, webmail and import
/// (DESIGN.md section 1). Encryption policy is decided behind it and nowhere else.
/// </summary>
public interface IDeliveryService
{
    /// <summary>
    /// Whether <paramref name="address"/> names a local user who can take a message of <paramref name="declaredSize"/> bytes
    /// (RCPT TO time; the size from MAIL's SIZE parameter, RFC 1870, when the client declared one).
    /// </summary>
    Task<RecipientCheck> CheckRecipientAsync(string address, long? declaredSize, CancellationToken cancellationToken);

    /// <summary>
    /// Stores one message for each recipient. <paramref name="message"/> is read once, forward only:
    /// the RFC 5322 bytes with CRLF line ends. A result per recipient, in the order given, says
    /// whether that copy is durable. If reading <paramref name="message"/> throws, nothing is stored
    /// for anyone and the exception propagates.
    /// </summary>
    Task<IReadOnlyList<DeliveryResult>> DeliverAsync(DeliveryRequest request, Stream message, CancellationToken cancellationToken);
}
