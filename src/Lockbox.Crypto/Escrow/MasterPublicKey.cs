// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Escrow;

/// <summary>
/// The provider's escrow master <em>public</em> key: the only form of the master key a running server
/// may hold (DESIGN.md section 4). <see cref="Parse"/> refuses any input that carries secret key
/// material, and nothing in this namespace accepts a secret master key, so a server that only uses
/// Lockbox.Crypto.Escrow cannot load one by mistake. The secret half lives in Lockbox.Crypto.Offline.
/// </summary>
public sealed class MasterPublicKey
{
    internal MasterPublicKey(PublicCertificate certificate)
    {
        if (certificate.EncryptionKeys.Count == 0)
        {
            throw new KeyFormatException($"the master key {certificate.Fingerprint} has no valid encryption key");
        }

        Certificate = certificate;
    }

    /// <summary>The master public key as an OpenPGP certificate.</summary>
    public PublicCertificate Certificate { get; }

    /// <summary>The master key's v4 fingerprint, 40 upper-case hex digits.</summary>
    public string Fingerprint => Certificate.Fingerprint;

    /// <summary>The ASCII-armored master public key, as written to <c>master.pub.asc</c>.</summary>
    public string ToArmored() => Certificate.ToArmored();

    /// <summary>Parses one master public key, ASCII-armored or binary.</summary>
    /// <exception cref="KeyFormatException">
    /// The input holds a secret key packet anywhere (the message says so plainly), is not exactly one
    /// public key, or the key has no valid encryption key.
    /// </exception>
    public static MasterPublicKey Parse(ReadOnlySpan<byte> data)
    {
        if (ContainsSecretKeyPacket(data))
        {
            throw new KeyFormatException(
                "this is a master SECRET key; a server only accepts the master public key (master.pub.asc), keep the secret key offline");
        }

        return new MasterPublicKey(PublicCertificate.Parse(data));
    }

    /// <summary>
    /// Walks every packet header (RFC 4880 section 4.2) rather than trusting a key ring parser, which
    /// stops or fails at the first unexpected packet: a secret key or subkey packet (tags 5 and 7,
    /// sections 5.5.1.3 and 5.5.1.4) anywhere in the input is found and named.
    /// </summary>
    static bool ContainsSecretKeyPacket(ReadOnlySpan<byte> data)
    {
        byte[] binary;
        try
        {
            using var decoder = PgpUtilities.GetDecoderStream(new MemoryStream(data.ToArray(), writable: false));
            using var buffer = new MemoryStream();
            decoder.CopyTo(buffer);
            binary = buffer.ToArray();
        }
        catch (IOException)
        {
            return false; // unreadable armor: PublicCertificate.Parse reports it with its own message
        }

        var position = 0;
        while (position < binary.Length)
        {
            var header = binary[position++];
            if ((header & 0x80) == 0)
            {
                return false; // not a packet header: left to the key parser to reject
            }

            var newFormat = (header & 0x40) != 0;
            var tag = newFormat ? header & 0x3F : (header >> 2) & 0x0F;
            if (tag is (int)PacketTag.SecretKey or (int)PacketTag.SecretSubkey)
            {
                return true;
            }

            if (!SkipBody(binary, ref position, header, newFormat))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Advances past one packet body; false if the body runs to the end of the input or is cut short.</summary>
    static bool SkipBody(byte[] binary, ref int position, byte header, bool newFormat)
    {
        if (!newFormat)
        {
            // Old format: the low two bits give the size of the length field; 3 means "until the end".
            var lengthOctets = (header & 0x03) switch { 0 => 1, 1 => 2, 2 => 4, _ => 0 };
            if (lengthOctets == 0 || position + lengthOctets > binary.Length)
            {
                return false;
            }

            long length = 0;
            for (var i = 0; i < lengthOctets; i++)
            {
                length = (length << 8) | binary[position++];
            }

            position = (int)Math.Min(binary.Length, position + length);
            return true;
        }

        while (position < binary.Length)
        {
            int first = binary[position++];
            long length;
            var partial = false;
            if (first < 192)
            {
                length = first;
            }
            else if (first < 224)
            {
                if (position >= binary.Length)
                {
                    return false;
                }

                length = ((first - 192) << 8) + binary[position++] + 192;
            }
            else if (first == 255)
            {
                if (position + 4 > binary.Length)
                {
                    return false;
                }

                length = ((long)binary[position] << 24) | ((long)binary[position + 1] << 16) | ((long)binary[position + 2] << 8) | binary[position + 3];
                position += 4;
            }
            else
            {
                // Partial body length (section 4.2.2.4): this chunk, then another length follows.
                length = 1L << (first & 0x1F);
                partial = true;
            }

            position = (int)Math.Min(binary.Length, position + length);
            if (!partial)
            {
                return true;
            }
        }

        return false;
    }
}
