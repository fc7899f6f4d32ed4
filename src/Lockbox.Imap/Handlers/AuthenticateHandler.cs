// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// AUTHENTICATE PLAIN (RFC 3501 section 6.2.2, RFC 4616), with the initial response on the command
/// line (SASL-IR, RFC 4959) or after an empty "+" challenge. Also handles the client's response line.
/// </summary>
internal sealed class AuthenticateHandler(Authenticator authenticator) : IImapHandler
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        switch (request.Command)
        {
            case AuthenticateCommand { Mechanism: var mechanism } when !mechanism.Equals("PLAIN", StringComparison.OrdinalIgnoreCase):
                return Task.FromResult(ImapResult.No(request.Tag, ResponseCode.Cannot, "Unsupported authentication mechanism"));
            case AuthenticateCommand when !connection.PlaintextAuthAllowed:
                // Refused before the client sends the password, not after.
                return Task.FromResult(ImapResult.No(request.Tag, ResponseCode.PrivacyRequired, "Plaintext authentication is allowed only over TLS or loopback"));
            case AuthenticateCommand { InitialResponse: null }:
                // RFC 4616 section 2: PLAIN has no server challenge, so the continuation is empty.
                return Task.FromResult(new ImapResult([new ImapContinuationResponse("")], AwaitSaslResponse: true));
            case AuthenticateCommand { InitialResponse: var initial }:
                return PlainAsync(request.Tag, initial, connection, cancellationToken);
            case AuthenticateResponseCommand { Response: null }:
                // RFC 3501 section 6.2.2: "*" cancels, and the server answers BAD.
                return Task.FromResult(ImapResult.Bad(request.Tag, "Authentication cancelled"));
            default:
                return PlainAsync(request.Tag, ((AuthenticateResponseCommand)request.Command).Response!, connection, cancellationToken);
        }
    }

    async Task<ImapResult> PlainAsync(string tag, string base64, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        // message = [authzid] NUL authcid NUL passwd (RFC 4616 section 2). The receiver checked the base64.
        var bytes = Convert.FromBase64String(base64);
        try
        {
            var first = Array.IndexOf(bytes, (byte)0);
            var second = first < 0 ? -1 : Array.IndexOf(bytes, (byte)0, first + 1);
            if (second < 0 || Array.IndexOf(bytes, (byte)0, second + 1) >= 0)
            {
                return ImapResult.Bad(tag, "Malformed PLAIN response");
            }

            string authzid, authcid, password;
            try
            {
                authzid = StrictUtf8.GetString(bytes, 0, first);
                authcid = StrictUtf8.GetString(bytes, first + 1, second - first - 1);
                password = StrictUtf8.GetString(bytes, second + 1, bytes.Length - second - 1);
            }
            catch (DecoderFallbackException)
            {
                return ImapResult.Bad(tag, "Malformed PLAIN response");
            }

            if (authzid.Length > 0 && !authzid.Equals(authcid, StringComparison.OrdinalIgnoreCase))
            {
                // Acting as another user is not offered (RFC 5530 section 3).
                return ImapResult.No(tag, ResponseCode.AuthorizationFailed, "Authorization failed");
            }

            return await authenticator.LogInAsync(tag, authcid, password, connection, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
