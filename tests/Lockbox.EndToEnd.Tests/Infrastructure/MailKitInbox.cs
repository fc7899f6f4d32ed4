// SPDX-License-Identifier: MIT
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>MailKit as a user's mail client: logged in to the server's IMAP listener (PLAIN, on loopback), INBOX open read-only.</summary>
internal static class MailKitInbox
{
    public static async Task<ImapClient> OpenAsync(LockboxServer server, string user, string password, CancellationToken cancellationToken)
    {
        var client = new ImapClient();
        try
        {
            var imap = server.Listeners["imap"];
            await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, cancellationToken);
            await client.AuthenticateAsync(new SaslMechanismPlain(user, password), cancellationToken);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
