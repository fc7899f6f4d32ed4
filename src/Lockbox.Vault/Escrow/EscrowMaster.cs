// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Vault.Audit;

namespace Lockbox.Vault.Escrow;

/// <summary>
/// The provider's escrow master key on the server: its public part only (issue 5, item 6; decision 0004).
/// There is deliberately no method that reads a secret master key: recovery runs offline.
/// </summary>
public sealed class EscrowMaster
{
    readonly string _path;
    readonly AuditLog _audit;

    internal EscrowMaster(string dataDirectory, AuditLog audit)
    {
        _path = Path.Combine(dataDirectory, "escrow", "master.pub.asc");
        _audit = audit;
    }

    /// <summary>The installed master public key, or null when none is installed.</summary>
    /// <exception cref="VaultException">The installed file is unreadable or not a master public key.</exception>
    internal async Task<MasterPublicKey?> LoadAsync(CancellationToken cancellationToken)
    {
        byte[] armored;
        try
        {
            armored = await File.ReadAllBytesAsync(_path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return MasterPublicKey.Parse(armored);
        }
        catch (KeyFormatException e)
        {
            throw new VaultException($"the installed escrow master key {_path} is unusable: {e.Message}", e);
        }
    }

    /// <summary>Checks and installs the master public key; returns its fingerprint.</summary>
    /// <exception cref="VaultException">Not a key, a secret key, or a key the key policy rejects (with its reasons).</exception>
    public async Task<string> InstallAsync(byte[] key, CancellationToken cancellationToken)
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

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = _path + ".tmp";
        await File.WriteAllTextAsync(temporary, imported.Certificate.ToArmored(), cancellationToken);
        File.Move(temporary, _path, overwrite: true);
        await _audit.RecordAsync("(server)", "escrow-master-installed", $"master public key {imported.Certificate.Fingerprint}", cancellationToken);
        return imported.Certificate.Fingerprint;
    }
}
