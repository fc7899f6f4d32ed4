// SPDX-License-Identifier: MIT
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>Reads public and secret key rings from armored or binary input.</summary>
internal static class KeyRingReader
{
    static readonly byte[] ArmorStart = Encoding.ASCII.GetBytes("-----BEGIN PGP ");

    /// <summary>Every key ring in <paramref name="data"/>, in order: <see cref="PgpPublicKeyRing"/> or <see cref="PgpSecretKeyRing"/>.</summary>
    /// <exception cref="KeyFormatException">The input is not OpenPGP key material.</exception>
    public static IReadOnlyList<object> ReadAll(ReadOnlySpan<byte> data)
    {
        var rings = new List<object>();
        try
        {
            foreach (var block in Blocks(data))
            {
                using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(block, writable: false));
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
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException
            or UnsupportedPacketVersionException)
        {
            throw new KeyFormatException("not a readable OpenPGP key: " + e.Message.ReplaceLineEndings(" "), e);
        }

        if (rings.Count == 0)
        {
            throw new KeyFormatException("no OpenPGP key found in the input");
        }

        return rings;
    }

    /// <summary>
    /// The input split into armor blocks. BouncyCastle's armor decoder stops at the first END line, so a file
    /// with two armored keys would otherwise silently read as one. Binary input (every packet header has
    /// bit 7 set, RFC 4880 section 4.2) is one block.
    /// </summary>
    static List<byte[]> Blocks(ReadOnlySpan<byte> data)
    {
        var starts = new List<int>();
        if (data.Length == 0 || (data[0] & 0x80) == 0)
        {
            for (var at = data.IndexOf(ArmorStart); at >= 0;)
            {
                starts.Add(at);
                var next = data[(at + 1)..].IndexOf(ArmorStart);
                at = next < 0 ? -1 : at + 1 + next;
            }
        }

        if (starts.Count <= 1)
        {
            return [data.ToArray()];
        }

        var blocks = new List<byte[]>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : data.Length;
            blocks.Add(data[starts[i]..end].ToArray());
        }

        return blocks;
    }
}
