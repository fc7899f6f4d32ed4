// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using Lockbox.Vault.Contracts.Sending;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Lockbox.Vault.Sending;

/// <summary>
/// Sends a message through the configured relay (<see cref="SmtpOptions"/>) with MailKit's SmtpClient, one connection per
/// message. MailKit leaves Bcc (and Resent-Bcc) out of the transmitted header while still giving those recipients to RCPT TO,
/// so blind copies stay blind (RFC 5322 section 3.6.3); the Sent copy keeps them.
/// </summary>
internal sealed class MailRelay(IOptions<SmtpOptions> options)
{
    /// <summary>Whether a relay is configured at all.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Host);

    /// <summary>Sends <paramref name="message"/>; returns when the relay has accepted it for every recipient.</summary>
    /// <exception cref="ComposeRejectedException">No relay configured, the relay could not be reached, or it refused the message.</exception>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (!Configured)
        {
            throw new ComposeRejectedException("Sending is not set up on this server (no Smtp:Host). Ask the administrator.");
        }

        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (smtp.User.Length > 0)
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            var who = e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && e.Mailbox is not null ? " for " + e.Mailbox.Address : "";
            throw new ComposeRejectedException($"The mail relay refused the message{who}: {(int)e.StatusCode} {e.Message}", e);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or AuthenticationException or SslHandshakeException or ServiceNotConnectedException)
        {
            throw new ComposeRejectedException($"The message was not sent: the mail relay could not be reached or broke off ({e.Message}).", e);
        }
    }
}
