// SPDX-License-Identifier: MIT
using Lockbox.Crypto;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Policy;

namespace Lockbox.Vault.Escrow;

/// <summary>
/// The user's escrow choice and the server's half of a recovery (issue 5, item 6; docs/decisions/0019): consent,
/// opt-out, the recovery request (<c>escrow export</c>) and installing its response (<c>escrow restore</c>). Each
/// is recorded in the audit log, which the user can read. The offline half (<c>escrow recover</c>) is not here:
/// no server code can hold the master secret key.
/// </summary>
public sealed class EscrowService
{
    readonly IMailStore _store;
    readonly EscrowKeeper _keeper;
    readonly EscrowPolicy _policy;
    readonly EscrowMaster _master;
    readonly UnlockGate _gate;
    readonly AuditLog _audit;

    internal EscrowService(IMailStore store, EscrowKeeper keeper, EscrowPolicy policy, EscrowMaster master, UnlockGate gate, AuditLog audit)
    {
        _store = store;
        _keeper = keeper;
        _policy = policy;
        _master = master;
        _gate = gate;
        _audit = audit;
    }

    /// <summary>
    /// The user agrees to escrow (<see cref="ConsentTexts.Escrow"/>, which the caller has shown): every key of their
    /// history is opened with <paramref name="keySecret"/> (the password, or the key passphrase in two-password
    /// mode) and copied to the master key, and the choice is recorded, in one transaction. Returns how many keys.
    /// </summary>
    /// <exception cref="VaultException">Escrow is off, no master key, no such user or key, or a wrong secret.</exception>
    public async Task<int> ConsentAsync(string address, string keySecret, ConsentActor actor, CancellationToken cancellationToken)
    {
        if (_policy.Mode == EscrowMode.Off)
        {
            throw new VaultException("Escrow:Mode is off: this server keeps no escrow copies");
        }

        if (await _master.LoadAsync(cancellationToken) is not { } master)
        {
            throw new VaultException("no escrow master key is installed (lockbox escrow install-master): there is nothing to encrypt the copy to");
        }

        var user = await _store.RequireUserAsync(address, cancellationToken);
        var keys = await UnlockAllAsync(user, keySecret, cancellationToken);
        EscrowRefresh written;
        try
        {
            // The consent and its audit entry commit with the copies: a crash leaves all of them or none.
            written = await _keeper.WriteAsync(user, EscrowChoice.Consented, keys, new AuditEntry(user.Address, "escrow-consent",
                $"{actor.Describe()} agreed to {ConsentTexts.Escrow.Label}; {keys.Count} key(s) copied to master key {master.Fingerprint}"), cancellationToken);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }

        if (written is EscrowRefresh.NotKept or EscrowRefresh.NoMaster or EscrowRefresh.ChoiceChanged)
        {
            // Only when the mode, the master key or the user's choice changed since the checks above: nothing was recorded.
            throw new VaultException("the escrow mode, master key or choice changed meanwhile: nothing was recorded; try again");
        }

        return keys.Count;
    }

    /// <summary>
    /// The user declines escrow after being shown <see cref="ConsentTexts.EscrowOptOut"/>: every escrow copy is
    /// deleted irrecoverably (<see cref="IMailStore.DeleteEscrowCopiesAsync"/>), and the warning is recorded.
    /// Returns how many copies were deleted.
    /// </summary>
    /// <exception cref="VaultException">Escrow is mandatory, no such user, or a wrong password.</exception>
    public async Task<int> OptOutAsync(string address, string password, ConsentActor actor, CancellationToken cancellationToken)
    {
        if (_policy.Mode == EscrowMode.Mandatory)
        {
            throw new VaultException("Escrow:Mode is mandatory: users of this server cannot opt out of escrow");
        }

        var user = await _store.RequireUserAsync(address, cancellationToken);
        await VerifyAsync(user, password, cancellationToken);
        // The entry names the count the deleting transaction saw, and commits with it.
        return await _store.DeleteEscrowCopiesAsync(user.Id, EscrowChoice.OptedOut, deleted => new AuditEntry(user.Address, "escrow-opt-out",
            $"{actor.Describe()} was shown {ConsentTexts.EscrowOptOut.Label} and opted out; {deleted} escrow copy(ies) deleted"), cancellationToken);
    }

    /// <summary>
    /// A recovery request for the offline side: every escrow copy of the user, which together must cover every
    /// secret key of their history (else mail would stay unreadable after the recovery), and a random request ID
    /// that the response must carry back. Audit-logged.
    /// </summary>
    /// <exception cref="VaultException">No such user, or an incomplete set of copies (the message says why).</exception>
    public async Task<byte[]> ExportAsync(string address, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        var secretKeys = await SecretKeysAsync(user, cancellationToken);
        if (secretKeys.Count == 0)
        {
            throw new VaultException($"{user.Address} has no secret key on this server: there is nothing to recover");
        }

        var copies = await _store.GetEscrowCopiesAsync(user.Id, cancellationToken);
        if (await _keeper.MissingReasonAsync(user, secretKeys, copies, cancellationToken) is { } reason)
        {
            throw new VaultException(reason);
        }

        var masters = copies.Select(c => c.MasterFingerprint).Distinct().ToList();
        if (masters.Count != 1)
        {
            throw new VaultException(
                $"the escrow copies of {user.Address} are encrypted to {masters.Count} different master keys; the next login re-encrypts them to the installed one");
        }

        var requestId = Guid.NewGuid().ToString("N");
        var request = new EscrowDocument(EscrowDocument.RequestKind, requestId, user.Address, masters[0], DateTime.UtcNow,
            [.. copies.Where(c => secretKeys.Any(k => k.Id == c.KeyId)).Select(c => new EscrowEntry(c.Fingerprint, c.Copy))]);
        await _audit.RecordAsync(user.Address, "escrow-exported",
            $"recovery request {requestId}: {request.Keys.Count} escrow copy(ies) to master key {masters[0]}", cancellationToken);
        return request.ToJson();
    }

    /// <summary>
    /// Installs a recovery response: every secret key of the user, re-protected offline under a one-time password,
    /// replaces the stored one in one transaction; two-password mode ends; the user must choose a new password
    /// before any login succeeds (<see cref="Contracts.PasswordChangeRequiredException"/>), and a password change
    /// with the one-time password as the old one does that. Only a response to a request this server exported, and
    /// not yet restored, is accepted. Audit-logged.
    /// </summary>
    /// <exception cref="VaultException">No such user, or a response that is malformed, foreign, replayed or incomplete.</exception>
    public async Task<int> RestoreAsync(string address, byte[] response, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        EscrowDocument document;
        try
        {
            document = EscrowDocument.Parse(response, EscrowDocument.ResponseKind);
        }
        catch (EscrowFormatException e)
        {
            throw new VaultException(e.Message, e);
        }

        if (!string.Equals(document.Address, user.Address, StringComparison.OrdinalIgnoreCase))
        {
            throw new VaultException($"this recovery response is for {document.Address}, not {user.Address}");
        }

        var history = await _audit.ListAsync(user.Address, cancellationToken);
        var marker = $"recovery request {document.RequestId}";
        if (!history.Any(e => e.Event == "escrow-exported" && e.Detail.StartsWith(marker + ":", StringComparison.Ordinal)))
        {
            throw new VaultException($"recovery request {document.RequestId} was not exported for {user.Address} on this server");
        }

        if (history.Any(e => e.Event == "escrow-restored" && e.Detail.StartsWith(marker + ":", StringComparison.Ordinal)))
        {
            throw new VaultException($"the response to recovery request {document.RequestId} was restored already");
        }

        var secretKeys = await SecretKeysAsync(user, cancellationToken);
        var replacements = new Dictionary<long, byte[]>();
        foreach (var key in secretKeys)
        {
            var entry = document.Keys.FirstOrDefault(e => string.Equals(e.Fingerprint, key.Fingerprint, StringComparison.OrdinalIgnoreCase))
                ?? throw new VaultException($"key {key.Fingerprint} of {user.Address} is not in the response (added after the request?): export a new request");
            replacements[key.Id] = entry.Data;
        }

        if (document.Keys.FirstOrDefault(e => secretKeys.All(k => !string.Equals(k.Fingerprint, e.Fingerprint, StringComparison.OrdinalIgnoreCase))) is { } stray)
        {
            throw new VaultException($"the response holds key {stray.Fingerprint}, which is not a key of {user.Address}");
        }

        await _store.RestoreKeysAsync(user.Id, replacements, new AuditEntry(user.Address, "escrow-restored",
            $"{marker}: {replacements.Count} key(s) installed under a one-time password; a new password is required at the next login"), cancellationToken);
        return replacements.Count;
    }


    /// <summary>Every secret key of the user, opened with <paramref name="keySecret"/>; the caller disposes them.</summary>
    async Task<List<UnlockedKey>> UnlockAllAsync(UserRecord user, string keySecret, CancellationToken cancellationToken)
    {
        var records = await SecretKeysAsync(user, cancellationToken);
        if (records.Count == 0)
        {
            throw new VaultException($"{user.Address} has no secret key on this server to escrow");
        }

        var keys = new List<UnlockedKey>();
        try
        {
            foreach (var record in records)
            {
                keys.Add(await _gate.RunAsync(() => KeyProtector.Unlock(record.ProtectedSecretKey, keySecret), cancellationToken));
            }

            return keys;
        }
        catch (WrongPasswordException e)
        {
            keys.ForEach(k => k.Dispose());
            throw new VaultException(VaultError.WrongPassword, keys.Count == 0
                ? "the password (or key passphrase) is wrong"
                : $"key {records[keys.Count].Fingerprint} does not open with this password; escrow needs every key of the history", e);
        }
    }

    /// <summary>The password check of a choice: the verifier where there is one, else the active key must open.</summary>
    async Task VerifyAsync(UserRecord user, string password, CancellationToken cancellationToken)
    {
        if (user.PasswordVerifier is { } verifier)
        {
            if (!await _gate.RunAsync(() => PasswordVerifier.Verify(verifier, password), cancellationToken))
            {
                throw new VaultException(VaultError.WrongPassword, "the password is wrong");
            }

            return;
        }

        var active = (await SecretKeysAsync(user, cancellationToken)).FirstOrDefault(k => k.IsActive)
            ?? throw new VaultException($"{user.Address} has no password on this server to check");
        try
        {
            using var key = await _gate.RunAsync(() => KeyProtector.Unlock(active.ProtectedSecretKey, password), cancellationToken);
        }
        catch (WrongPasswordException e)
        {
            throw new VaultException(VaultError.WrongPassword, "the password is wrong", e);
        }
    }

    async Task<List<UserKeyRecord>> SecretKeysAsync(UserRecord user, CancellationToken cancellationToken) =>
        [.. (await _store.GetKeysAsync(user.Id, cancellationToken)).Where(k => k.ProtectedSecretKey is not null)];
}
