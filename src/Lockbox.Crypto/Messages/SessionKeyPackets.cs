// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// The head of a stored OpenPGP message (RFC 4880 section 11.3): its public-key encrypted session key packets
/// (PKESKs, section 5.1), up to the first octet of its SEIPD packet (section 5.13). Re-wrapping (docs/decisions/0020)
/// replaces the PKESKs with one to a new key, carrying the same session key, and copies the SEIPD packet's bytes
/// unchanged: the body is not decrypted or re-encrypted, so the result is the same standard message that gpg reads.
/// </summary>
public sealed class SessionKeyPackets
{
    /// <summary>
    /// Enough for the PKESKs of any message Lockbox stores (one per recipient; RSA-4096's is 524 octets) and the
    /// SEIPD packet's header; reading a blob's head costs one read of this size.
    /// </summary>
    const int MaxHeadLength = 16 << 10;

    readonly byte[] _head;
    readonly int _headLength;
    readonly List<(long KeyId, int BodyStart, int End)> _packets;

    SessionKeyPackets(byte[] head, int headLength, List<(long KeyId, int BodyStart, int End)> packets, int encryptedDataOffset)
    {
        _head = head;
        _headLength = headLength;
        _packets = packets;
        EncryptedDataOffset = encryptedDataOffset;
    }

    /// <summary>Where the SEIPD packet (its header's first octet) starts in the message.</summary>
    public int EncryptedDataOffset { get; }

    /// <summary>The key IDs the message's PKESKs name, as 16 upper-case hex digits, in packet order.</summary>
    public IReadOnlyList<string> RecipientKeyIds => [.. _packets.Select(p => p.KeyId.ToString("X16", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Reads the head from <paramref name="message"/>, which is left just after the bytes read (at most 16 KiB).</summary>
    /// <exception cref="MessageFormatException">Not PKESKs followed by a version 1 SEIPD packet.</exception>
    public static async Task<SessionKeyPackets> ReadAsync(Stream message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var head = new byte[MaxHeadLength];
        var read = await message.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return Parse(head, read);
    }

    /// <summary>The head of a whole message held in memory (an index record, a wrapped mailbox key).</summary>
    /// <exception cref="MessageFormatException">Not PKESKs followed by a version 1 SEIPD packet.</exception>
    public static SessionKeyPackets Parse(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Parse(message, message.Length);
    }

    /// <summary>Whether the message's only PKESK is to the key that <paramref name="recipient"/> is encrypted to now.</summary>
    /// <exception cref="NoEncryptionKeyException">The certificate has no usable encryption key.</exception>
    public bool IsWrappedOnlyTo(PublicCertificate recipient) =>
        _packets is [var only] && only.KeyId == RecipientKey(recipient).KeyId;

    /// <summary>
    /// Writes the re-wrapped message: one PKESK giving the session key to <paramref name="recipient"/>, then the SEIPD
    /// packet's bytes as stored (those of the head, then the rest of <paramref name="rest"/>, the stream this head was
    /// read from). The session key comes from the first PKESK that one of <paramref name="keys"/> opens.
    /// </summary>
    /// <exception cref="NoMatchingKeyException">None of the keys opens any PKESK.</exception>
    /// <exception cref="MessageIntegrityException">A key's PKESK does not open (damaged, or a wrong checksum).</exception>
    /// <exception cref="MessageFormatException">An algorithm re-wrapping does not read (not AES-256, not RSA or ECDH).</exception>
    /// <exception cref="NoEncryptionKeyException">The recipient has no key re-wrapping can write to (RSA or Curve25519).</exception>
    public async Task WriteRewrappedAsync(
        Stream destination, Stream? rest, IReadOnlyList<UnlockedKey> keys, PublicCertificate recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var packet = NewPacket(keys, recipient);
        await destination.WriteAsync(packet, cancellationToken);
        await destination.WriteAsync(_head.AsMemory(EncryptedDataOffset, _headLength - EncryptedDataOffset), cancellationToken);
        if (rest is not null)
        {
            await rest.CopyToAsync(destination, 1 << 16, cancellationToken);
        }
    }

    /// <summary>The re-wrapped message of a head made by <see cref="Parse(byte[])"/> (the whole message). See <see cref="WriteRewrappedAsync"/>.</summary>
    public byte[] Rewrap(IReadOnlyList<UnlockedKey> keys, PublicCertificate recipient)
    {
        var packet = NewPacket(keys, recipient);
        var message = new byte[packet.Length + _headLength - EncryptedDataOffset];
        packet.CopyTo(message, 0);
        _head.AsSpan(EncryptedDataOffset, _headLength - EncryptedDataOffset).CopyTo(message.AsSpan(packet.Length));
        return message;
    }

    /// <summary>Whether re-wrapping can write a PKESK to the key <paramref name="recipient"/> is encrypted to now.</summary>
    public static bool CanWrapTo(PublicCertificate recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.EncryptionKeys is [var key, ..] && (Curve25519SessionKeyPacket.Supports(key) || RsaSessionKeyPacket.Supports(key));
    }

    byte[] NewPacket(IReadOnlyList<UnlockedKey> keys, PublicCertificate recipient)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var target = RecipientKey(recipient);
        var sessionKey = RecoverSessionKey(keys);
        try
        {
            if (Curve25519SessionKeyPacket.Supports(target))
            {
                return Curve25519SessionKeyPacket.Encode(target, sessionKey);
            }

            if (RsaSessionKeyPacket.Supports(target))
            {
                RsaModulusCheck.EnsureValidated(target, recipient.Fingerprint);
                return RsaSessionKeyPacket.Encode(target, sessionKey);
            }

            throw new NoEncryptionKeyException($"certificate {recipient.Fingerprint}: session keys can be re-wrapped only to RSA and Curve25519 keys");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
        }
    }

    byte[] RecoverSessionKey(IReadOnlyList<UnlockedKey> keys)
    {
        foreach (var (keyId, bodyStart, end) in _packets)
        {
            foreach (var key in keys)
            {
                if (key.FindPrivateKey(keyId) is { } privateKey)
                {
                    return SessionKeyRecovery.Recover(_head.AsSpan(bodyStart, end - bodyStart), privateKey);
                }
            }
        }

        throw new NoMatchingKeyException("none of the keys opens the message's session key");
    }

    static PgpPublicKey RecipientKey(PublicCertificate recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.EncryptionKeys is [var key, ..]
            ? key
            : throw new NoEncryptionKeyException($"certificate {recipient.Fingerprint} has no usable encryption key");
    }

    /// <summary>Walks the packets (RFC 4880 section 4.2) up to the SEIPD packet: PKESKs kept, marker packets skipped.</summary>
    static SessionKeyPackets Parse(byte[] head, int length)
    {
        var packets = new List<(long KeyId, int BodyStart, int End)>();
        var position = 0;
        while (position < length)
        {
            var start = position;
            var (tag, bodyLength, partial) = Header(head, length, ref position);
            if (tag == (int)PacketTag.SymmetricEncryptedIntegrityProtected)
            {
                // Section 5.13: the body starts with the version octet; a v3 PKESK only ever precedes version 1.
                if (packets.Count == 0 || position >= length || head[position] != 1)
                {
                    throw new MessageFormatException("expected session key packets followed by a version 1 SEIPD packet");
                }

                return new SessionKeyPackets(head, length, packets, start);
            }

            if (partial || bodyLength > length - position)
            {
                throw new MessageFormatException("a session key packet is truncated or longer than a message head");
            }

            var end = position + (int)bodyLength;
            switch (tag)
            {
                case (int)PacketTag.PublicKeyEncryptedSession when bodyLength >= 10 && head[position] == 3:
                    packets.Add((BinaryPrimitives.ReadInt64BigEndian(head.AsSpan(position + 1)), position, end));
                    break;
                case (int)PacketTag.Marker:
                    break; // section 5.8: ignored on receipt
                default:
                    throw new MessageFormatException($"expected session key packets followed by a SEIPD packet, found packet tag {tag}");
            }

            position = end;
        }

        throw new MessageFormatException("no SEIPD packet within the message head");
    }

    /// <summary>One packet header, both formats (RFC 4880 sections 4.2.1 and 4.2.2); <paramref name="position"/> moves to the body.</summary>
    static (int Tag, long Length, bool Partial) Header(byte[] data, int length, ref int position)
    {
        int first = Octet(data, length, position++);
        if ((first & 0x80) == 0)
        {
            throw new MessageFormatException("not an OpenPGP packet header");
        }

        if ((first & 0x40) == 0)
        {
            var lengthType = first & 0x03;
            if (lengthType == 3)
            {
                return ((first >> 2) & 0x0F, long.MaxValue, true);
            }

            return ((first >> 2) & 0x0F, BigEndian(data, length, ref position, 1 << lengthType), false);
        }

        var tag = first & 0x3F;
        int octet = Octet(data, length, position++);
        return octet switch
        {
            < 192 => (tag, octet, false),
            < 224 => (tag, ((octet - 192) << 8) + Octet(data, length, position++) + 192, false),
            255 => (tag, BigEndian(data, length, ref position, 4), false),
            _ => (tag, 1L << (octet & 0x1F), true),
        };
    }

    static int Octet(byte[] data, int length, int position) =>
        position < length ? data[position] : throw new MessageFormatException("truncated OpenPGP packet header");

    static long BigEndian(byte[] data, int length, ref int position, int size)
    {
        long value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | (uint)Octet(data, length, position++);
        }

        return value;
    }
}
