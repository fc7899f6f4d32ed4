// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// BouncyCastle 2.7.0 re-validates an RSA modulus (small factors plus Miller-Rabin compositeness rounds)
/// in every <c>RsaKeyParameters</c> constructor, so each <c>PgpPublicKey.GetKey()</c> costs 20-150 ms
/// (DESIGN.md section 4). The number of rounds is read from the property
/// <c>Org.BouncyCastle.Rsa.MaxMRTests</c>: a thread property first, then the environment variable.
/// We run the full check once per modulus and remember its SHA-256, so a certificate that is parsed
/// again later is not re-checked; then BouncyCastle builds the key with zero rounds, on this thread only,
/// for the duration of one call. The cheap checks (odd, size limit, small factors) still run every time.
/// </summary>
internal static class RsaModulusCheck
{
    /// <summary>
    /// Lockbox encrypts only to its own users' keys and the escrow key, so the set stays small; the cap
    /// bounds memory anyway (beyond it, moduli are simply checked on every use again).
    /// </summary>
    const int MaxRemembered = 65_536;

    static readonly ConcurrentDictionary<string, bool> Validated = new(StringComparer.Ordinal);

    /// <summary>Fully validates the modulus of an RSA key the first time it is seen.</summary>
    /// <exception cref="NoEncryptionKeyException">The modulus is not a valid RSA modulus.</exception>
    public static void EnsureValidated(PgpPublicKey key, string fingerprint)
    {
        if (key.Algorithm is not (PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt))
        {
            return;
        }

        var modulus = ((RsaPublicBcpgKey)key.PublicKeyPacket.Key).Modulus;
        var digest = Convert.ToHexString(SHA256.HashData(modulus.ToByteArrayUnsigned()));
        if (Validated.ContainsKey(digest))
        {
            return;
        }

        try
        {
            RsaKeyParameters.ValidateModulus(modulus);
        }
        catch (ArgumentException e)
        {
            throw new NoEncryptionKeyException($"certificate {fingerprint} has an invalid RSA encryption key: {e.Message}", e);
        }

        if (Validated.Count < MaxRemembered)
        {
            Validated.TryAdd(digest, true);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the Miller-Rabin rounds set to zero on the current thread. Call it
    /// only when every RSA key that <paramref name="action"/> uses went through <see cref="EnsureValidated"/>.
    /// </summary>
    public static T WithValidatedKeys<T>(Func<T> action) =>
        Properties.WithThreadProperty(Properties.RsaMaxMRTests, "0", action);
}
