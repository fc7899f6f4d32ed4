// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Mail;

/// <summary>One line of the message list, decoded from the message's (decrypted) metadata.</summary>
/// <param name="Uid">The message's UID in its mailbox: the only message identifier the web uses.</param>
/// <param name="From">The sender's display name, or address.</param>
/// <param name="Subject">The decoded subject ("" when none).</param>
/// <param name="Date">Arrival time (UTC).</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Seen">\Seen is set.</param>
/// <param name="Flagged">\Flagged is set.</param>
/// <param name="HasAttachment">A part has Content-Disposition: attachment.</param>
public sealed record MessageRow(long Uid, string From, string Subject, DateTime Date, long Size, bool Seen, bool Flagged, bool HasAttachment);
