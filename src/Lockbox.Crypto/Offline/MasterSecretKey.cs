// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Offline;

/// <summary>
/// The escrow master <em>secret</em> key, unprotected, for the offline ceremony only. This is the only
/// type that can hold it, and it lives outside Lockbox.Crypto.Escrow on purpose: server code never
/// references Lockbox.Crypto.Offline (an architecture test checks this). Dispose it when done.
/// </summary>
public sealed class MasterSecretKey : IDisposable
{
    readonly UnlockedKey _key;

    MasterSecretKey(UnlockedKey key)
    {
        _key = key;
        PublicKey = new MasterPublicKey(key.Certificate);
    }

    /// <summary>The public half, as a server installs it.</summary>
    public MasterPublicKey PublicKey { get; }

    /// <summary>The master key's v4 fingerprint, 40 upper-case hex digits.</summary>
    public string Fingerprint => PublicKey.Fingerprint;

    /// <summary>The key for decryption; throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    internal UnlockedKey Key => _key.IsDisposed ? throw new ObjectDisposedException(nameof(MasterSecretKey)) : _key;

    /// <summary>Takes ownership of a generated or combined key.</summary>
    /// <exception cref="KeyFormatException">The key has no valid encryption key.</exception>
    internal static MasterSecretKey FromUnlockedKey(UnlockedKey key)
    {
        try
        {
            return new MasterSecretKey(key);
        }
        catch (KeyFormatException)
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Reads an unprotected master secret key, ASCII-armored or binary, as <see cref="WriteArmored"/> writes it.</summary>
    /// <exception cref="KeyFormatException">Not exactly one secret key, passphrase-protected, or without a valid encryption key.</exception>
    public static MasterSecretKey Parse(ReadOnlySpan<byte> data)
    {
        var rings = KeyRingReader.ReadAll(data);
        if (rings.Count != 1 || rings[0] is not PgpSecretKeyRing ring)
        {
            throw new KeyFormatException(rings.Count == 1
                ? "expected the master secret key, found a public key"
                : $"expected exactly one master secret key, found {rings.Count} keys");
        }

        if (ring.GetSecretKeys().Any(k => k.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null))
        {
            throw new KeyFormatException("the master secret key is passphrase-protected; expected the unprotected key that master-key create or combine writes");
        }

        return FromUnlockedKey(UnlockedKey.FromRing(ring));
    }

    /// <summary>
    /// Writes the ASCII-armored secret key, <em>unprotected</em>, to <paramref name="destination"/>
    /// (which the caller owns). Written straight to the stream so no string copy of the key is left behind.
    /// </summary>
    public void WriteArmored(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var binary = Key.ToUnprotectedBinary();
        try
        {
            // RFC 4880 section 6.2; no Version header, like Armor.Encode.
            using var armored = ArmoredOutputStream.Build().Build(destination);
            armored.Write(binary);
        }
        finally
        {
            Array.Clear(binary);
        }
    }

    /// <summary>The binary secret key ring with no protection. The caller owns the buffer and must zero it.</summary>
    internal byte[] ToUnprotectedBinary() => Key.ToUnprotectedBinary();

    public void Dispose() => _key.Dispose();
}
