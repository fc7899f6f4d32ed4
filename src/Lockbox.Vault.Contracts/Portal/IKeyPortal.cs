// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>
/// The Security page's view of Vault (issue 6, item 3; docs/decisions/0021): status, consent texts, "encrypt my
/// mailbox" with a background job, key upload, downloads, password and key passphrase, escrow and the user's audit
/// entries. Every call is stateless: it names the user by address and, where it changes or reveals anything secret,
/// takes the password again, so it needs no open session and serves the forced password change after an escrow
/// restore, when no session can open. The front end must pass only the address of the user it authenticated. No key
/// material crosses this interface except what the user downloads on purpose. Every refusal is a
/// <see cref="KeyPortalException"/>, and a refused call changed nothing.
/// </summary>
public interface IKeyPortal
{
    /// <summary>Everything the Security page shows: protection, active key, two-password mode, escrow, the opt-in job.</summary>
    /// <exception cref="KeyPortalException"><see cref="KeyPortalError.NoSuchUser"/>.</exception>
    Task<SecurityStatus> GetStatusAsync(string address, CancellationToken cancellationToken);

    /// <summary>The current text of <paramref name="kind"/>, exactly as its consent is recorded.</summary>
    Task<ConsentDocument> GetConsentTextAsync(ConsentKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// "Encrypt my mailbox": checks the password, generates a key locked by it, switches the user to encrypted and
    /// records the consent (<paramref name="consentLabel"/>, the user named as actor) in one transaction, then returns
    /// at once; the existing mail is encrypted by a background job in the server. Called again for a job that stopped
    /// (an error, a restart), it checks the password and resumes the job.
    /// </summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.ConsentOutdated"/>,
    /// <see cref="KeyPortalError.ZeroAccess"/>, <see cref="KeyPortalError.EscrowMode"/> (mandatory escrow without a
    /// master key), <see cref="KeyPortalError.NotAllowed"/> (encryption already on and nothing left to do).
    /// </exception>
    Task<EncryptionProgress> StartEncryptionAsync(string address, string password, string consentLabel, CancellationToken cancellationToken);

    /// <summary>The opt-in job's progress, for polling; null if the user never turned encryption on this way.</summary>
    /// <exception cref="KeyPortalException"><see cref="KeyPortalError.NoSuchUser"/>.</exception>
    Task<EncryptionProgress?> GetEncryptionProgressAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// The verdict on a key file, changing nothing: the key policy (each rejection naming its rule and the key), the
    /// key's facts, the modes it can be imported in for this user now, and what would happen to keys the server holds.
    /// </summary>
    /// <exception cref="KeyPortalException"><see cref="KeyPortalError.NoSuchUser"/>.</exception>
    Task<KeyCheckResult> CheckKeyAsync(string address, byte[] keyData, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the uploaded key the active key in <see cref="KeyUpload.Mode"/> after the same check as
    /// <see cref="CheckKeyAsync"/>; older keys stay for older mail.
    /// </summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.InvalidKey"/>, <see cref="KeyPortalError.KeyRejected"/> (with the reasons),
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.WrongKeyPassphrase"/>,
    /// <see cref="KeyPortalError.InvalidInput"/> (a mode the file cannot take), <see cref="KeyPortalError.ZeroAccess"/>,
    /// <see cref="KeyPortalError.EscrowMode"/>, <see cref="KeyPortalError.NotAllowed"/>.
    /// </exception>
    Task<KeyUploadResult> ImportKeyAsync(string address, KeyUpload upload, CancellationToken cancellationToken);

    /// <summary>The active public key, armored.</summary>
    /// <exception cref="KeyPortalException"><see cref="KeyPortalError.NoSuchUser"/>, <see cref="KeyPortalError.NotAllowed"/> (no key).</exception>
    Task<KeyDownload> DownloadPublicKeyAsync(string address, CancellationToken cancellationToken);

    /// <summary>
    /// The active secret key, armored and protected for gpg 2.2 with <paramref name="keySecret"/>: the mailbox password,
    /// or the key passphrase in two-password mode. Recorded in the user's audit log.
    /// </summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.ZeroAccess"/>, <see cref="KeyPortalError.NotAllowed"/> (no key).
    /// </exception>
    Task<KeyDownload> DownloadSecretKeyAsync(string address, string keySecret, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the login password; every secret key is re-protected under the new one and all mail stays readable.
    /// With the one-time password of an escrow restore as <paramref name="oldPassword"/>, this is the forced change
    /// that lets the user log in again. In two-password mode only the login password changes.
    /// </summary>
    /// <exception cref="KeyPortalException"><see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.InvalidInput"/> (empty).</exception>
    Task ChangePasswordAsync(string address, string oldPassword, string newPassword, CancellationToken cancellationToken);

    /// <summary>
    /// Two-password mode on (or a new passphrase): the keys get <paramref name="newPassphrase"/>, asked after each login.
    /// <paramref name="currentPassphrase"/> is null when the mode is off, else the passphrase now.
    /// </summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.InvalidInput"/> (empty, equal to the
    /// password, or the current passphrase missing), <see cref="KeyPortalError.ZeroAccess"/>, <see cref="KeyPortalError.NotAllowed"/> (no key).
    /// </exception>
    Task SetKeyPassphraseAsync(string address, string password, string? currentPassphrase, string newPassphrase, CancellationToken cancellationToken);

    /// <summary>Two-password mode off: the keys are locked by the login password again.</summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.NotAllowed"/> (the mode is off).
    /// </exception>
    Task RemoveKeyPassphraseAsync(string address, string password, string currentPassphrase, CancellationToken cancellationToken);

    /// <summary>
    /// The user agrees to escrow (<see cref="ConsentKind.Escrow"/>): every key of the history is opened with
    /// <paramref name="keySecret"/> (the password, or the key passphrase in two-password mode) and copied to the
    /// provider's master key. Returns how many keys were copied.
    /// </summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.ConsentOutdated"/>,
    /// <see cref="KeyPortalError.EscrowMode"/> (off, or no master key), <see cref="KeyPortalError.ZeroAccess"/>,
    /// <see cref="KeyPortalError.NotAllowed"/> (no key).
    /// </exception>
    Task<int> ConsentToEscrowAsync(string address, string keySecret, string consentLabel, CancellationToken cancellationToken);

    /// <summary>
    /// The user declines escrow after being shown <see cref="ConsentKind.EscrowOptOut"/>: every escrow copy is deleted
    /// irrecoverably. Returns how many copies were deleted.
    /// </summary>
    /// <exception cref="KeyPortalException">
    /// <see cref="KeyPortalError.WrongPassword"/>, <see cref="KeyPortalError.ConsentOutdated"/>, <see cref="KeyPortalError.EscrowMode"/> (mandatory).
    /// </exception>
    Task<int> OptOutOfEscrowAsync(string address, string password, string consentLabel, CancellationToken cancellationToken);

    /// <summary>The user's audit entries, newest first: every escrow use, consent, password, passphrase and key change.</summary>
    /// <exception cref="KeyPortalException"><see cref="KeyPortalError.NoSuchUser"/>.</exception>
    Task<IReadOnlyList<SecurityEvent>> GetSecurityEventsAsync(string address, CancellationToken cancellationToken);
}
