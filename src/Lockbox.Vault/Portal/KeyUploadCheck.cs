// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Policy;

namespace Lockbox.Vault.Portal;

/// <summary>
/// The verdict on an uploaded key before anything changes: the file's format and the key policy (decision 0005, the
/// same <see cref="KeyPolicy"/> and <see cref="KeyImport"/> as <c>key check</c> and <see cref="Keys.KeyImporter"/>), then
/// the refusals of decision 0018 that depend only on the user's state, worded for the page. The importer enforces them
/// all again; this only says them before the user types a password.
/// </summary>
internal sealed class KeyUploadCheck
{
    readonly EscrowPolicy _escrow;
    readonly EscrowMaster _master;
    readonly ExpiredKeyAction _expiredKey;

    public KeyUploadCheck(EscrowPolicy escrow, EscrowMaster master, ExpiredKeyAction expiredKey)
    {
        _escrow = escrow;
        _master = master;
        _expiredKey = expiredKey;
    }

    public async Task<KeyUploadVerdict> CheckAsync(UserRecord user, IReadOnlyList<UserKeyRecord> keys, byte[] keyData, CancellationToken cancellationToken)
    {
        ImportedKey imported;
        try
        {
            imported = KeyImport.Import(keyData);
        }
        catch (KeyFormatException e)
        {
            return new KeyUploadVerdict(
                new KeyCheckResult(false, $"This is not a usable OpenPGP key: {e.Message}.", null, null, [], [e.Message], 0), KeyPortalError.InvalidKey);
        }

        var now = DateTime.UtcNow;
        var verdict = new KeyPolicy().Evaluate(imported.Certificate, now);
        var key = KeyDetailsReader.Describe(imported.Certificate, verdict, _expiredKey, now);
        var content = !imported.HasSecretKey ? KeyFileContent.PublicKey
            : imported.IsPassphraseProtected ? KeyFileContent.ProtectedKeypair
            : KeyFileContent.UnprotectedKeypair;
        var described = $"{KeyDetailsReader.Strength(key)} key {key.Fingerprint}";
        if (!verdict.Accepted)
        {
            return new KeyUploadVerdict(
                new KeyCheckResult(false, $"Rejected: {described} does not meet the server's key policy.", key, content, [], verdict.Reasons, 0),
                KeyPortalError.KeyRejected);
        }

        if (await StateRefusalAsync(user, keys, imported, cancellationToken) is { } refusal)
        {
            return new KeyUploadVerdict(
                new KeyCheckResult(false, $"Not possible now: {refusal.Reason}.", key, content, [], [refusal.Reason], 0), refusal.Error);
        }

        var secretKeys = imported.HasSecretKey ? 0 : keys.Count(k => k.ProtectedSecretKey is not null);
        var (modes, effect) = content switch
        {
            KeyFileContent.PublicKey => ((IReadOnlyList<KeyUploadMode>)[KeyUploadMode.PublicKeyOnly],
                "It is a public key only: your mailbox becomes zero-access, and the server can never read your mail again, so webmail and "
                + "search show only its encrypted form." + (secretKeys == 0 ? "" :
                    $" The server holds {secretKeys} secret key(s) of yours that read the mail stored so far; they will be deleted, so download your secret key first.")),
            KeyFileContent.UnprotectedKeypair => ([KeyUploadMode.MailboxPassword],
                "It is a keypair without a passphrase: it will be locked with your mailbox password."),
            _ => ([KeyUploadMode.OtherPassphrase, KeyUploadMode.KeepPassphrase, KeyUploadMode.MailboxPassword],
                "It is a keypair with a passphrase: give the passphrase to have the key locked with your mailbox password instead, or keep it "
                + "as a second passphrase asked after each login. If its passphrase is your mailbox password, nothing more is needed."),
        };
        var cleartext = user.Encryption == EncryptionState.None && imported.HasSecretKey
            ? " New mail will be encrypted to it; mail stored so far stays as it is."
            : "";
        return new KeyUploadVerdict(new KeyCheckResult(true, $"Accepted: {described}. {effect}{cleartext}", key, content, modes, [], secretKeys), null);
    }

    /// <summary>What the user's state forbids for this key (decision 0018), or null.</summary>
    async Task<(string Reason, KeyPortalError Error)?> StateRefusalAsync(
        UserRecord user, IReadOnlyList<UserKeyRecord> keys, ImportedKey imported, CancellationToken cancellationToken)
    {
        var fingerprint = imported.Certificate.Fingerprint;
        if (keys.Any(k => k.Fingerprint == fingerprint))
        {
            return ($"key {fingerprint} is already one of your keys", KeyPortalError.NotAllowed);
        }

        if (!imported.HasSecretKey)
        {
            return null;
        }

        if (user.Encryption == EncryptionState.PublicKeyOnly)
        {
            return ("your mailbox is zero-access: its mail is encrypted to keys the server does not hold, so a keypair kept here could not read it; "
                + "upload your public key instead", KeyPortalError.ZeroAccess);
        }

        if (TwoPasswordMode.IsOn(user))
        {
            return ("your keys have a separate passphrase: turn it off before uploading a keypair", KeyPortalError.NotAllowed);
        }

        // As EscrowKeeper.RequireReadyAsync: no key the provider promised to recover and could not.
        if (_escrow.Mode == EscrowMode.Mandatory && await _master.LoadAsync(cancellationToken) is null)
        {
            return ("your provider requires key escrow but has not installed its escrow master key yet, so no new key can be taken in",
                KeyPortalError.EscrowMode);
        }

        return null;
    }
}
