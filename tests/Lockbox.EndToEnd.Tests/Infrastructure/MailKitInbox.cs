// SPDX-License-Identifier: MIT
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>MailKit as a user's mail client: logged in to the server's IMAP listener (PLAIN, on loopback).</summary>
internal static class MailKitInbox
{
    /// <summary>Logged in, with INBOX open read-only.</summary>
    public static async Task<ImapClient> OpenAsync(LockboxServer server, string user, string password, CancellationToken cancellationToken)
    {
        var client = await LoginAsync(server, user, password, cancellationToken);
        try
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Logged in, nothing selected; <paramref name="logger"/> records the session when given.</summary>
    public static async Task<ImapClient> LoginAsync(
        LockboxServer server, string user, string password, CancellationToken cancellationToken, IProtocolLogger? logger = null)
    {
        var client = logger is null ? new ImapClient() : new ImapClient(logger);
        try
        {
            var imap = server.Listeners["imap"];
            await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, cancellationToken);
            await client.AuthenticateAsync(new SaslMechanismPlain(user, password), cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
