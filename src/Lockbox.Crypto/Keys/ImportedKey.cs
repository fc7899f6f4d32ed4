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
        _secretRing is not null && _secretRing.GetSecretKeys().Any(k => k.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null);

    /// <summary>
    /// Decrypts the secret key with <paramref name="passphrase"/> (UTF-8, as gpg encodes it) and returns it
    /// unprotected in memory. For an unprotected secret key the passphrase is not used.
    /// </summary>
    /// <exception cref="InvalidOperationException">The input had no secret key.</exception>
    /// <exception cref="WrongPassphraseException">The passphrase does not decrypt a secret (sub)key.</exception>
    public UnlockedKey Unlock(ReadOnlySpan<char> passphrase)
    {
        var ring = _secretRing ?? throw new InvalidOperationException("the imported key has no secret part to unlock");
        var chars = passphrase.ToArray();
        try
        {
            foreach (var key in ring.GetSecretKeys().ToList())
            {
                if (key.KeyEncryptionAlgorithm == SymmetricKeyAlgorithmTag.Null || key.IsPrivateKeyEmpty)
                {
                    continue;
                }

                // Extract first: a wrong passphrase fails the S2K checksum here (PgpException), and the
                // copy below would otherwise report it as a generic failure.
                Extract(key, chars);
                var unprotected = PgpSecretKey.CopyWithNewPasswordUtf8(key, chars, null, SymmetricKeyAlgorithmTag.Null, KeyGenerator.Random);
                ring = PgpSecretKeyRing.InsertSecretKey(ring, unprotected);
            }
        }
        finally
        {
            Array.Clear(chars);
        }

        return UnlockedKey.FromRing(ring);
    }

    static void Extract(PgpSecretKey key, char[] passphrase)
    {
        try
        {
            key.ExtractPrivateKeyUtf8(passphrase);
        }
        catch (PgpException e)
        {
            throw new WrongPassphraseException($"the passphrase does not unlock key 0x{key.KeyId:X16}", e);
        }
    }
}
