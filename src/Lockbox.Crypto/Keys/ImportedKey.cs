// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// A key read by <see cref="KeyImport.Import"/>: its public certificate and, if the input had one, its secret
/// part, still as protected as it arrived. Holds no unlocked key material until <see cref="Unlock"/>.
/// </summary>
public sealed class ImportedKey
{
    readonly PgpSecretKeyRing? _secretRing;

    internal ImportedKey(PublicCertificate certificate, PgpSecretKeyRing? secretRing)
    {
        Certificate = certificate;
        _secretRing = secretRing;
    }

    /// <summary>The public part, to evaluate with <see cref="Policy.KeyPolicy"/> and to publish.</summary>
    public PublicCertificate Certificate { get; }

    /// <summary>True if the input carried the secret key (primary and every encryption subkey).</summary>
    public bool HasSecretKey => _secretRing is not null;

    /// <summary>True if any secret (sub)key is encrypted with a passphrase (S2K usage 254 or 255, RFC 4880 section 5.5.3).</summary>
    public bool IsPassphraseProtected =>
        _secretRing is not null && _secretRing.GetSecretKeys().Any(k => !KeyImport.IsStub(k) && k.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null);

    /// <summary>
    /// Decrypts the secret key with <paramref name="passphrase"/> (UTF-8, as gpg encodes it) and returns it
    /// unprotected in memory. For an unprotected secret key the passphrase is not used. Stub (gnu-dummy)
    /// signing subkeys are left out of the result.
    /// </summary>
    /// <exception cref="InvalidOperationException">The input had no secret key.</exception>
    /// <exception cref="WrongPasswordException">The passphrase does not decrypt a secret (sub)key.</exception>
    public UnlockedKey Unlock(ReadOnlySpan<char> passphrase)
    {
        var ring = _secretRing ?? throw new InvalidOperationException("the imported key has no secret part to unlock");
        var chars = passphrase.ToArray();
        try
        {
            foreach (var key in ring.GetSecretKeys().ToList())
            {
                if (KeyImport.IsStub(key))
                {
                    // Import refused stubs that matter (primary, encryption subkeys); a stub signing subkey is
                    // of no use to Lockbox, and UnlockedKey holds only keys it can use.
                    ring = PgpSecretKeyRing.RemoveSecretKey(ring, key) ?? ring;
                }
                else if (key.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null)
                {
                    ring = PgpSecretKeyRing.InsertSecretKey(ring, Unprotect(key, chars));
                }
            }
        }
        finally
        {
            Array.Clear(chars);
        }

        return UnlockedKey.FromRing(ring);
    }

    /// <summary>
    /// A copy of <paramref name="key"/> with S2K usage 0. It decrypts the key once: gpg exports use 65 million
    /// bytes of iterated SHA-1 per key, so a separate ExtractPrivateKey check would double the unlock time.
    /// </summary>
    static PgpSecretKey Unprotect(PgpSecretKey key, char[] passphrase)
    {
        try
        {
            return PgpSecretKey.CopyWithNewPasswordUtf8(key, passphrase, null, SymmetricKeyAlgorithmTag.Null, KeyGenerator.Random);
        }
        catch (PgpException e)
        {
            // The S2K checksum or SHA-1 hash over the decrypted key (RFC 4880 section 5.5.3) did not match.
            throw new WrongPasswordException($"the passphrase does not unlock key 0x{key.KeyId:X16}", e);
        }
    }
}
