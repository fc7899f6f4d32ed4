// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Storage;

namespace Lockbox.Vault.Escrow;

/// <summary>
/// The provider's escrow master key on the server: its public part only (issue 5, item 6; decision 0004), kept in the
/// store so that every node sharing it escrows to the same key (decision 0039).
/// There is deliberately no method that reads a secret master key: recovery runs offline.
/// </summary>
public sealed class EscrowMaster
{
    /// <summary>Who installs the master key, in the audit log.</summary>
    const string Server = "(server)";

    readonly IMailStore _store;
    readonly string _legacyPath;

    /// <summary>
    /// True once this process has dealt with the legacy file (moved it, found none, or found one with another key): no
    /// later version writes it, so each escrow operation does not look for it again, and an ignored one is not re-parsed.
    /// </summary>
    bool _legacyExamined;

    internal EscrowMaster(IMailStore store, string dataDirectory)
    {
        _store = store;
        _legacyPath = Path.Combine(dataDirectory, "escrow", "master.pub.asc");
    }

    /// <summary>
    /// The file in which versions before schema v14 kept the master key, one per node. The first <see cref="LoadAsync"/> of a
    /// process moves it into the store and removes it; one that is still there holds a key other than the store's, and
    /// nothing reads it.
    /// </summary>
    public string? IgnoredLegacyFile => File.Exists(_legacyPath) ? _legacyPath : null;

    /// <summary>The installed master key's fingerprint, or null when none is installed.</summary>
    /// <exception cref="VaultException">The installed key is unusable.</exception>
    public async Task<string?> InstalledFingerprintAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken))?.Fingerprint;

    /// <summary>The installed master public key, or null when none is installed.</summary>
    /// <exception cref="VaultException">The installed key (or a node's file moved into the store) is unusable.</exception>
    internal async Task<MasterPublicKey?> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetEscrowMasterAsync(cancellationToken);
        if (!Volatile.Read(ref _legacyExamined))
        {
            if (File.Exists(_legacyPath))
            {
                stored = await MoveLegacyFileAsync(stored, cancellationToken);
            }

            // Not reached when the file could not be moved (an unusable key): the next call reports it again.
            Volatile.Write(ref _legacyExamined, true);
        }

        if (stored is null)
        {
            return null;
        }

        try
        {
            return MasterPublicKey.Parse(Encoding.ASCII.GetBytes(stored.ArmoredKey));
        }
        catch (KeyFormatException e)
        {
            throw new VaultException($"the installed escrow master key {stored.Fingerprint} is unusable: {e.Message}", e);
        }
    }

    /// <summary>Checks and installs the master public key for every node, replacing an earlier one; returns its fingerprint.</summary>
    /// <exception cref="VaultException">Not a key, a secret key, or a key the key policy rejects (with its reasons).</exception>
    public async Task<string> InstallAsync(byte[] key, CancellationToken cancellationToken)
    {
        var master = Check(key);
        var previous = await _store.GetEscrowMasterAsync(cancellationToken);
        var replaces = previous is null || previous.Fingerprint == master.Fingerprint ? "" : $" (replaces {previous.Fingerprint})";
        await PutAsync(master, $"master public key {master.Fingerprint}{replaces}", cancellationToken);
        return master.Fingerprint;
    }

    /// <summary>
    /// A node upgraded from a version that kept the key in its data directory: the file's key goes into the store when the
    /// store has none, and the file goes when the store holds its key. A file with another key than the store's stays,
    /// unread, for <c>lockbox doctor</c> to report.
    /// </summary>
    async Task<EscrowMasterRecord?> MoveLegacyFileAsync(EscrowMasterRecord? stored, CancellationToken cancellationToken)
    {
        byte[] armored;
        try
        {
            armored = await File.ReadAllBytesAsync(_legacyPath, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return stored; // another process of this node moved it meanwhile
        }

        if (stored is null)
        {
            MasterPublicKey master;
            try
            {
                master = Check(armored);
            }
            catch (VaultException e)
            {
                throw new VaultException($"{_legacyPath}, left by an older version, cannot be moved into the store: {e.Message}", e);
            }

            await PutAsync(master, $"master public key {master.Fingerprint}, moved into the store from {_legacyPath}", cancellationToken);
            stored = await _store.GetEscrowMasterAsync(cancellationToken);
        }

        if (stored is not null && FingerprintOf(armored) == stored.Fingerprint)
        {
            File.Delete(_legacyPath);
        }

        return stored;
    }

    /// <summary>The file's key's fingerprint, or null when it is not a master public key.</summary>
    static string? FingerprintOf(byte[] armored)
    {
        try
        {
            return MasterPublicKey.Parse(armored).Fingerprint;
        }
        catch (KeyFormatException)
        {
            return null;
        }
    }

    Task PutAsync(MasterPublicKey master, string detail, CancellationToken cancellationToken) =>
        _store.PutEscrowMasterAsync(
            new EscrowMasterRecord(master.Fingerprint, master.ToArmored(), DateTime.UtcNow),
            new AuditEntry(Server, "escrow-master-installed", detail), cancellationToken);

    /// <summary>The master public key in <paramref name="key"/>, if it is one the server may hold and the key policy accepts.</summary>
    static MasterPublicKey Check(byte[] key)
    {
        ImportedKey imported;
        try
        {
            imported = KeyImport.Import(key);
        }
        catch (KeyFormatException e)
        {
            throw new VaultException($"not an OpenPGP public key: {e.Message}", e);
        }

        if (imported.HasSecretKey)
        {
            throw new VaultException(
                $"key {imported.Certificate.Fingerprint} is a secret key: install-master takes only the master public key (master.pub.asc); the secret key stays offline, whole or as shares");
        }

        var verdict = new KeyPolicy().Evaluate(imported.Certificate, DateTime.UtcNow);
        if (!verdict.Accepted)
        {
            throw new VaultException($"master key {verdict.Fingerprint} rejected: {string.Join("; ", verdict.Reasons)}");
        }

        try
        {
            return MasterPublicKey.Parse(key);
        }
        catch (KeyFormatException e)
        {
            throw new VaultException($"master key {imported.Certificate.Fingerprint} is unusable: {e.Message}", e);
        }
    }
}
