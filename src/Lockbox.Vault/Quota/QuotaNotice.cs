// SPDX-License-Identifier: MIT
using System.Globalization;
using MimeKit;

namespace Lockbox.Vault.Quota;

/// <summary>
/// The notice a user finds in their INBOX when their mail reaches <see cref="QuotaOptions.WarningPercent"/> of their storage
/// limit (docs/decisions/0041). It comes from the mail system of the user's own domain, says how full the mailbox is and what
/// happens when it is full, and is stored through the funnel like any message (so encrypted for an encrypted user).
/// </summary>
internal static class QuotaNotice
{
    public static byte[] Compose(string address, long usedBytes, long limitBytes, int percent, bool refusalsAreTemporary, DateTimeOffset now)
    {
        var domain = address[(address.LastIndexOf('@') + 1)..];
        var message = new MimeMessage
        {
            Subject = $"Your mailbox is {percent}% full",
            Date = now,
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(domain),
            Body = new TextPart("plain")
            {
                Text = string.Create(CultureInfo.InvariantCulture, $"""
                    Your mail now takes {Megabytes(usedBytes)} of your {Megabytes(limitBytes)} storage limit.

                    When the limit is reached, new mail to you is {(refusalsAreTemporary
                        ? "held back by the sending servers, which try again for a few days and then return it to its senders"
                        : "returned to its senders")}.
                    To make room, delete messages you no longer need, and empty Trash.

                    This notice was sent once, as your mailbox passed {percent}% of its limit.
                    """),
            },
        };
        message.From.Add(new MailboxAddress("Mail system", "postmaster@" + domain));
        message.To.Add(MailboxAddress.Parse(address));
        using var bytes = new MemoryStream();
        // Stored mail has CRLF line ends (RFC 5322 section 2.1).
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        return bytes.ToArray();
    }

    static string Megabytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
