// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a user sees over IMAP, as text for a readable comparison: every mailbox with its UIDVALIDITY and UIDNEXT, and
/// every message's UID, flags, keywords and Message-ID.
/// </summary>
internal static class ImapSnapshot
{
    public static async Task<string> TakeAsync(IPEndPoint imap, string user, string password, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(user, password, cancellationToken);
        var text = new StringBuilder();
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: cancellationToken);
        foreach (var folder in folders.OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            text.Append(CultureInfo.InvariantCulture, $"{folder.FullName} uidvalidity {folder.UidValidity} uidnext {folder.UidNext?.Id}\n");
            if (folder.Count > 0)
            {
                var summaries = await folder.FetchAsync(0, -1,
                    MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.Envelope, cancellationToken);
                foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
                {
                    text.Append(CultureInfo.InvariantCulture,
                        $"  {summary.UniqueId.Id} {summary.Flags} [{string.Join(' ', summary.Keywords.Order(StringComparer.Ordinal))}] {summary.Envelope?.MessageId}\n");
                }
            }

            await folder.CloseAsync(expunge: false, cancellationToken);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return text.ToString();
    }
}
