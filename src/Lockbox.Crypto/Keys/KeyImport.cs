// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// Reads a key a user brings: ASCII-armored or binary, public only or with its secret part, protected by a
/// passphrase or not. It only parses and checks completeness; whether the key is strong enough is
/// <see cref="Policy.KeyPolicy"/>'s decision.
/// </summary>
public static class KeyImport
{
    /// <summary>Reads exactly one key from <paramref name="data"/>.</summary>
    /// <exception cref="KeyFormatException">
    /// Not OpenPGP key material; several different keys; the same key more than once; or a secret key whose
    /// primary key or an encryption subkey has no secret material (a gnu-dummy stub, as gpg
    /// --export-secret-subkeys or a smartcard leaves behind).
    /// </exception>
    public static ImportedKey Import(ReadOnlySpan<byte> data)
    {
        var rings = KeyRingReader.ReadAll(data);
        if (rings.Count > 1)
        {
            var fingerprints = rings.Select(r => Convert.ToHexString(Primary(r).GetFingerprint())).Distinct().ToList();
            throw new KeyFormatException(fingerprints.Count > 1
                ? $"the input holds {fingerprints.Count} different keys ({string.Join(", ", fingerprints)}); import one key at a time"
                : $"the input holds key {fingerprints[0]} {rings.Count} times; give it once, with or without its secret part");
        }

        if (rings[0] is PgpPublicKeyRing publicRing)
        {
            return new ImportedKey(new PublicCertificate(publicRing), null);
        }

        var secretRing = (PgpSecretKeyRing)rings[0];
        var certificate = new PublicCertificate(UnlockedKey.PublicPart(secretRing));
        RefuseStubs(secretRing, certificate.Ring);
        return new ImportedKey(certificate, secretRing);
    }

    static PgpPublicKey Primary(object ring) => ring switch
    {
        PgpPublicKeyRing p => p.GetPublicKey(),
        PgpSecretKeyRing s => s.GetPublicKey(),
        _ => throw new ArgumentException("not a key ring", nameof(ring)),
    };

    /// <summary>
    /// Lockbox needs the secret primary key (to re-certify on rotation and export a complete key) and the
    /// secret part of every encryption subkey (to read mail); a stub for either is useless here.
    /// </summary>
    static void RefuseStubs(PgpSecretKeyRing secretRing, PgpPublicKeyRing publicRing)
    {
        var primary = secretRing.GetSecretKey();
        if (IsStub(primary))
        {
            throw new KeyFormatException(
                $"the secret primary key 0x{primary.KeyId:X16} is missing (a stub, as gpg --export-secret-subkeys writes); export the key with gpg --export-secret-keys");
        }

        // Judge "encryption subkey" by intent, not current validity: an expired subkey still decrypts old mail.
        var now = DateTime.UtcNow;
        foreach (var subkey in KeyValidity.Subkeys(publicRing, now).Where(s => s.IsMeantToEncrypt))
        {
            var secret = secretRing.GetSecretKey(subkey.Key.KeyId);
            if (secret is null || IsStub(secret))
            {
                throw new KeyFormatException(
                    $"the secret part of encryption subkey 0x{subkey.Key.KeyId:X16} is missing (a stub or a smartcard key); export the key with all its secret subkeys");
            }
        }
    }

    // GNU extension S2K 101 (GnuPG DETAILS, "GNU extensions to the S2K algorithm"): mode 1 is "no secret
    // key", mode 2 "divert to card". Either way the secret is not in the file.
    internal static bool IsStub(PgpSecretKey key) => key.IsPrivateKeyEmpty || key.S2k?.Type == S2k.GnuDummyS2K;
}
