// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>Reads public and secret key rings from armored or binary input.</summary>
internal static class KeyRingReader
{
    /// <summary>Every key ring in <paramref name="data"/>, in order: <see cref="PgpPublicKeyRing"/> or <see cref="PgpSecretKeyRing"/>.</summary>
    /// <exception cref="KeyFormatException">The input is not OpenPGP key material.</exception>
    public static IReadOnlyList<object> ReadAll(ReadOnlySpan<byte> data)
    {
        var rings = new List<object>();
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(data.ToArray(), writable: false));
            var factory = new PgpObjectFactory(decoder);
            while (factory.NextPgpObject() is { } next)
            {
                switch (next)
                {
                    case PgpPublicKeyRing or PgpSecretKeyRing:
                        rings.Add(next);
                        break;
                    case PgpMarker:
                        break;
                    default:
                        throw new KeyFormatException($"unexpected OpenPGP packet in key data: {next.GetType().Name.Replace("Pgp", "", StringComparison.Ordinal)}");
                }
            }
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException)
        {
            throw new KeyFormatException("not a readable OpenPGP key: " + e.Message, e);
        }

        if (rings.Count == 0)
        {
            throw new KeyFormatException("no OpenPGP key found in the input");
        }

        return rings;
    }
}
