// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Portal;

/// <summary>
/// <see cref="IKeyPortal"/> over the account services (docs/decisions/0021). Each operation checks what it can tell the
/// user in the page's words (consent label, escrow mode, zero-access), then delegates to the service that does it for
/// the CLI too, so the rules live in one place; the consents it records name the user as actor.
/// </summary>
internal sealed class KeyPortal : IKeyPortal
{
    const string KeyContentType = "application/pgp-keys";

    readonly IMailStore _store;
    readonly AccountService _accounts;
    readonly EncryptionOptIn _optIn;
    readonly EncryptionRunner _runner;
    readonly KeyImporter _importer;
    readonly EscrowService _escrow;
    readonly EscrowPolicy _escrowPolicy;
    readonly EscrowMaster _master;
    readonly AuditLog _audit;
    readonly SecurityStatusReader _status;
    readonly KeyUploadCheck _check;
    readonly UnlockGate _gate;
    readonly Lazy<byte[]> _decoyVerifier;

    KeyPortal(IServiceProvider services)
    {
        _store = services.GetRequiredService<IMailStore>();
        _accounts = services.GetRequiredService<AccountService>();
        _optIn = services.GetRequiredService<EncryptionOptIn>();
        _runner = services.GetRequiredService<EncryptionRunner>();
        _importer = services.GetRequiredService<KeyImporter>();
        _escrow = services.GetRequiredService<EscrowService>();
        _escrowPolicy = services.GetRequiredService<EscrowPolicy>();
        _master = services.GetRequiredService<EscrowMaster>();
        _audit = services.GetRequiredService<AuditLog>();
        _gate = services.GetRequiredService<UnlockGate>();
        var encryption = services.GetRequiredService<EncryptionPolicy>();
        _status = new SecurityStatusReader(_store, services.GetRequiredService<CertificateCache>(), encryption, _escrowPolicy, _master, _runner);
        _check = new KeyUploadCheck(_escrowPolicy, _master, encryption.ExpiredKey);
        var argon2 = services.GetRequiredService<IOptions<VaultOptions>>().Value.Argon2Settings();
        // An unknown address costs what a wrong password costs (as at login, decision 0007): this path serves the forced
        // password change, which runs before any session exists.
        _decoyVerifier = new Lazy<byte[]>(() => PasswordVerifier.Create(Convert.ToBase64String(Guid.NewGuid().ToByteArray()), argon2));
    }

    /// <summary>The portal over the services registered by <see cref="VaultServiceCollectionExtensions.AddLockboxVault"/>.</summary>
    public static KeyPortal Create(IServiceProvider services) => new(services);

    public async Task<SecurityStatus> GetStatusAsync(string address, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync(async () => await _status.ReadAsync(await RequireUserAsync(address, cancellationToken), cancellationToken));

    public Task<ConsentDocument> GetConsentTextAsync(ConsentKind kind, CancellationToken cancellationToken) =>
        Task.FromResult(ConsentDocuments.Document(kind));

    public async Task<EncryptionProgress> StartEncryptionAsync(string address, string password, string consentLabel, CancellationToken cancellationToken)
    {
        ConsentDocuments.RequireCurrent(ConsentKind.Encryption, consentLabel);
        return await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, password, cancellationToken);
            if (user.Encryption == EncryptionState.PublicKeyOnly)
            {
                throw new KeyPortalException(KeyPortalError.ZeroAccess,
                    "your mailbox is zero-access: mail is already encrypted to your own key, which the server does not hold");
            }

            if (user.Encryption == EncryptionState.None && _escrowPolicy.Mode == EscrowMode.Mandatory && await _master.LoadAsync(cancellationToken) is null)
            {
                throw new KeyPortalException(KeyPortalError.EscrowMode,
                    "your provider requires key escrow but has not installed its escrow master key yet, so encryption cannot be turned on now");
            }

            await _optIn.OptInAsync(user.Address, password, ConsentActor.User, cancellationToken);
            _runner.Start(user.Id, user.Address);
            return await _status.ProgressAsync(user, cancellationToken)
                ?? throw new InvalidOperationException($"the opt-in of {user.Address} left no migration record");
        });
    }

    public async Task<EncryptionProgress?> GetEncryptionProgressAsync(string address, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync(async () => await _status.ProgressAsync(await RequireUserAsync(address, cancellationToken), cancellationToken));

    public async Task<KeyCheckResult> CheckKeyAsync(string address, byte[] keyData, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync(async () =>
        {
            var user = await RequireUserAsync(address, cancellationToken);
            return (await _check.CheckAsync(user, await _store.GetKeysAsync(user.Id, cancellationToken), keyData, cancellationToken)).Result;
        });

    public async Task<KeyUploadResult> ImportKeyAsync(string address, KeyUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, upload.Password, cancellationToken);
            var (check, refusal) = await _check.CheckAsync(user, await _store.GetKeysAsync(user.Id, cancellationToken), upload.KeyData, cancellationToken);
            if (refusal is { } error)
            {
                throw new KeyPortalException(error, check.Verdict, check.Reasons);
            }

            var (keyPassphrase, options) = ImportArguments(upload, check);
            var result = await ImportAsync(user.Address, upload, keyPassphrase, options, cancellationToken);
            return new KeyUploadResult(result.Fingerprint, upload.Mode, result.KeptKeys, result.DiscardedSecretKeys);
        });
    }

    public async Task<KeyDownload> DownloadPublicKeyAsync(string address, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync(async () =>
        {
            var user = await RequireUserAsync(address, cancellationToken);
            var active = (await _store.GetKeysAsync(user.Id, cancellationToken)).FirstOrDefault(k => k.IsActive)
                ?? throw new KeyPortalException(KeyPortalError.NotAllowed, "you have no key yet: turn encryption on or upload your own key");
            var armored = await _accounts.ExportPublicKeyAsync(user.Address, cancellationToken)
                ?? throw new KeyPortalException(KeyPortalError.NotAllowed, "you have no key yet");
            return new KeyDownload(FileName(user.Address, active.Fingerprint, "public"), KeyContentType, armored);
        });

    public async Task<KeyDownload> DownloadSecretKeyAsync(string address, string keySecret, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, keySecret, cancellationToken);
            var active = await RequireSecretKeyAsync(user, "download", cancellationToken);
            var armored = await _accounts.ExportSecretKeyAsync(user.Address, keySecret, cancellationToken);
            // A secret key leaving the server is something the user must be able to see afterwards, like an escrow use.
            await _audit.RecordAsync(user.Address, "secret-key-downloaded",
                $"the user downloaded secret key {active.Fingerprint}, protected for gpg with their password or key passphrase", cancellationToken);
            return new KeyDownload(FileName(user.Address, active.Fingerprint, "secret"), KeyContentType, armored);
        });

    public async Task ChangePasswordAsync(string address, string oldPassword, string newPassword, CancellationToken cancellationToken)
    {
        RequireSecret(newPassword, "the new password");
        await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, oldPassword, cancellationToken);
            await _accounts.ChangePasswordAsync(user.Address, oldPassword, newPassword, cancellationToken);
        });
    }

    public async Task SetKeyPassphraseAsync(string address, string password, string? currentPassphrase, string newPassphrase, CancellationToken cancellationToken)
    {
        RequireSecret(newPassphrase, "the key passphrase");
        if (newPassphrase == password)
        {
            throw new KeyPortalException(KeyPortalError.InvalidInput, "the key passphrase must differ from the login password");
        }

        await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, password, cancellationToken);
            await RequireSecretKeyAsync(user, "protect with a passphrase", cancellationToken);
            var on = TwoPasswordMode.IsOn(user);
            if (on && string.IsNullOrEmpty(currentPassphrase))
            {
                throw new KeyPortalException(KeyPortalError.InvalidInput, "give your current key passphrase to change it");
            }

            await _accounts.SetKeyPassphraseAsync(user.Address, password, on ? currentPassphrase! : password, newPassphrase, cancellationToken);
        });
    }

    public async Task RemoveKeyPassphraseAsync(string address, string password, string currentPassphrase, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, password, cancellationToken);
            if (!TwoPasswordMode.IsOn(user))
            {
                throw new KeyPortalException(KeyPortalError.NotAllowed, "your key has no separate passphrase");
            }

            await _accounts.SetKeyPassphraseAsync(user.Address, password, currentPassphrase, null, cancellationToken);
        });

    public async Task<int> ConsentToEscrowAsync(string address, string keySecret, string consentLabel, CancellationToken cancellationToken)
    {
        ConsentDocuments.RequireCurrent(ConsentKind.Escrow, consentLabel);
        return await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, keySecret, cancellationToken);
            if (_escrowPolicy.Mode == EscrowMode.Off)
            {
                throw new KeyPortalException(KeyPortalError.EscrowMode, "your provider does not keep escrow copies: escrow is off on this server");
            }

            if (await _master.LoadAsync(cancellationToken) is null)
            {
                throw new KeyPortalException(KeyPortalError.EscrowMode,
                    "your provider has not installed its escrow master key yet, so no copy can be made; try again later");
            }

            await RequireSecretKeyAsync(user, "escrow", cancellationToken);
            return await _escrow.ConsentAsync(user.Address, keySecret, ConsentActor.User, cancellationToken);
        });
    }

    public async Task<int> OptOutOfEscrowAsync(string address, string password, string consentLabel, CancellationToken cancellationToken)
    {
        ConsentDocuments.RequireCurrent(ConsentKind.EscrowOptOut, consentLabel);
        return await PortalErrors.RunAsync(async () =>
        {
            var user = await UserForPasswordAsync(address, password, cancellationToken);
            if (_escrowPolicy.Mode == EscrowMode.Mandatory)
            {
                throw new KeyPortalException(KeyPortalError.EscrowMode, "your provider requires key escrow: opting out is not possible on this server");
            }

            return await _escrow.OptOutAsync(user.Address, password, ConsentActor.User, cancellationToken);
        });
    }

    public async Task<IReadOnlyList<SecurityEvent>> GetSecurityEventsAsync(string address, CancellationToken cancellationToken) =>
        await PortalErrors.RunAsync<IReadOnlyList<SecurityEvent>>(async () =>
        {
            var user = await RequireUserAsync(address, cancellationToken);
            var entries = await _audit.ListAsync(user.Address, cancellationToken);
            return [.. entries.OrderByDescending(e => e.Sequence).Select(e => new SecurityEvent(e.Sequence, e.TimeUtc, e.Event, AuditTitles.Title(e.Event), e.Detail))];
        });

    /// <summary>The key importer's arguments for the mode the user chose, after the checks only the portal can make.</summary>
    static (string? KeyPassphrase, KeyImportOptions Options) ImportArguments(KeyUpload upload, KeyCheckResult check)
    {
        if (!check.Modes.Contains(upload.Mode))
        {
            throw new KeyPortalException(KeyPortalError.InvalidInput,
                $"this key cannot be kept that way ({upload.Mode}): {(check.Content == KeyFileContent.PublicKey ? "the file holds a public key only" : "the file holds a keypair")}");
        }

        switch (upload.Mode)
        {
            case KeyUploadMode.PublicKeyOnly:
                if (check.ServerSecretKeysToDiscard > 0 && !upload.DiscardServerKeys)
                {
                    throw new KeyPortalException(KeyPortalError.NotAllowed,
                        $"the server holds {check.ServerSecretKeysToDiscard} secret key(s) of yours that read your mail stored so far; download your secret key, "
                        + "then confirm that the server deletes them");
                }

                return (null, new KeyImportOptions(DiscardServerKey: check.ServerSecretKeysToDiscard > 0));
            case KeyUploadMode.MailboxPassword:
                return (null, new KeyImportOptions());
            default:
                RequireSecret(upload.KeyPassphrase, "the key's passphrase");
                if (upload.Mode == KeyUploadMode.KeepPassphrase && upload.KeyPassphrase == upload.Password)
                {
                    throw new KeyPortalException(KeyPortalError.InvalidInput, "a separate key passphrase must differ from the login password");
                }

                return (upload.KeyPassphrase, new KeyImportOptions(KeepPassphrase: upload.Mode == KeyUploadMode.KeepPassphrase));
        }
    }

    async Task<KeyImportResult> ImportAsync(string address, KeyUpload upload, string? keyPassphrase, KeyImportOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await _importer.ImportAsync(address, upload.KeyData, upload.Password, keyPassphrase, options, cancellationToken);
        }
        catch (VaultException e) when (e.Error == VaultError.WrongKeyPassphrase)
        {
            // The importer's words are the CLI's (standard input lines); the page offers modes instead.
            throw new KeyPortalException(KeyPortalError.WrongKeyPassphrase, keyPassphrase is null
                ? "your mailbox password does not open this key: if it has a passphrase of its own, choose to give that passphrase"
                : "the key passphrase does not open this key");
        }
    }

    async Task<UserKeyRecord> RequireSecretKeyAsync(UserRecord user, string what, CancellationToken cancellationToken)
    {
        if (user.Encryption == EncryptionState.PublicKeyOnly)
        {
            throw new KeyPortalException(KeyPortalError.ZeroAccess, $"your mailbox is zero-access: the server holds no secret key of yours to {what}");
        }

        return (await _store.GetKeysAsync(user.Id, cancellationToken)).FirstOrDefault(k => k.IsActive && k.ProtectedSecretKey is not null)
            ?? throw new KeyPortalException(KeyPortalError.NotAllowed, $"you have no key on this server to {what}: turn encryption on first");
    }

    async Task<UserRecord> RequireUserAsync(string address, CancellationToken cancellationToken) =>
        await _store.FindUserAsync(address, cancellationToken) ?? throw new KeyPortalException(KeyPortalError.NoSuchUser, $"no such user: {address}");

    /// <summary>The user, for a call that checks <paramref name="password"/>; an unknown address fails like a wrong password, after the same Argon2 work.</summary>
    async Task<UserRecord> UserForPasswordAsync(string address, string password, CancellationToken cancellationToken)
    {
        RequireSecret(password, "the password");
        if (await _store.FindUserAsync(address, cancellationToken) is { } user)
        {
            return user;
        }

        await _gate.RunAsync(() => PasswordVerifier.Verify(_decoyVerifier.Value, password), cancellationToken);
        throw new KeyPortalException(KeyPortalError.WrongPassword, "the password is wrong");
    }

    static void RequireSecret(string? secret, string what)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new KeyPortalException(KeyPortalError.InvalidInput, $"{what} must not be empty");
        }
    }

    /// <summary>"alice_example.org-89ABCDEF-public.asc": ASCII only, so the web needs no filename encoding (RFC 6266).</summary>
    static string FileName(string address, string fingerprint, string part)
    {
        var safe = new StringBuilder(address.Length);
        foreach (var c in address)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' ? c : '_');
        }

        return $"{safe}-{fingerprint[^8..]}-{part}.asc";
    }
}
