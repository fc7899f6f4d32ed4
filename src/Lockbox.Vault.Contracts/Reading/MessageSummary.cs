// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>
/// What a message list shows of a message, decoded from its stored metadata without opening the message
/// (<see cref="IMailSession.GetSummariesAsync"/>): encoded words (RFC 2047) decoded, folding removed (RFC 5322 section 2.2.3).
/// </summary>
/// <param name="Size">The message size in bytes (<see cref="MessageMetadata.Size"/>).</param>
/// <param name="Subject">The decoded Subject; empty when absent.</param>
/// <param name="Sender">The first From mailbox's display name, or else its address; the decoded field when it does not parse.</param>
/// <param name="From">The decoded From field as written.</param>
/// <param name="To">The decoded To field as written.</param>
/// <param name="Cc">The decoded Cc field as written.</param>
/// <param name="HasAttachment">Whether an entity of the tree has Content-Disposition: attachment (RFC 2183).</param>
public sealed record MessageSummary(long Size, string Subject, string Sender, string From, string To, string Cc, bool HasAttachment);
