// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Logins: a credential goes in, an opaque session comes out (DESIGN.md section 1). No key ever leaves Vault.</summary>
public interface ISessionService
{
    /// <summary>
    /// Checks the password and opens a session. For an encrypted user the password unlocks the secret key in
    /// memory; the user's concurrent sessions share that one unlocked key.
    /// </summary>
    /// <exception cref="AuthenticationFailedException">
    /// Unknown user or wrong password: the same exception after the same work, so the two cannot be told apart.
    /// </exception>
    /// <exception cref="KeyPassphraseRequiredException">The password is right, but the key has its own passphrase.</exception>
    /// <exception cref="PasswordChangeRequiredException">The password is right, but it is a one-time password from an escrow recovery.</exception>
    /// <exception cref="MailboxOperationException">
    /// <see cref="MailboxError.Unavailable"/>: the store cannot answer now, so the password was not checked; retrying later may work.
    /// </exception>
    Task<IMailSession> OpenSessionAsync(string address, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a session for a user whose key has its own passphrase (two-password mode): <paramref name="password"/>
    /// authenticates, <paramref name="keyPassphrase"/> unlocks. For other users it is ignored.
    /// </summary>
    /// <exception cref="AuthenticationFailedException">Unknown user, wrong password or wrong passphrase.</exception>
    /// <exception cref="MailboxOperationException"><see cref="MailboxError.Unavailable"/>: the store cannot answer now.</exception>
    Task<IMailSession> OpenSessionAsync(string address, string password, string keyPassphrase, CancellationToken cancellationToken);
}
