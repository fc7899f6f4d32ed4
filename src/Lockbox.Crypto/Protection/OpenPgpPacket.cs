// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Protection;

/// <summary>
/// One packet of a transferable key, located in its encoded bytes without re-encoding, so the packets
/// an export does not touch (public keys, user IDs, signatures) are copied byte for byte.
/// </summary>
internal readonly record struct OpenPgpPacket(int Tag, int Start, int BodyStart, int End)
{
    public const int SecretKeyTag = 5;
    public const int SecretSubkeyTag = 7;

    /// <summary>Splits a binary key ring into packets (RFC 4880 section 4.2, both header formats).</summary>
    /// <exception cref="InvalidOperationException">Malformed, or a partial/indeterminate length, which keys never use.</exception>
    public static List<OpenPgpPacket> Split(ReadOnlySpan<byte> data)
    {
        var packets = new List<OpenPgpPacket>();
        var position = 0;
        while (position < data.Length)
        {
            var start = position;
            int first = data[position++];
            if ((first & 0x80) == 0)
            {
                throw new InvalidOperationException("not an OpenPGP packet header");
            }

            int tag;
            long length;
            if ((first & 0x40) != 0)
            {
                // New format (RFC 4880 section 4.2.2).
                tag = first & 0x3F;
                int octet = Byte(data, position++);
                if (octet < 192)
                {
                    length = octet;
                }
                else if (octet < 224)
                {
                    length = ((octet - 192) << 8) + Byte(data, position++) + 192;
                }
                else if (octet == 255)
                {
                    length = BigEndian(data, ref position, 4);
                }
                else
                {
                    throw new InvalidOperationException("partial body length in a key packet");
                }
            }
            else
            {
                // Old format (RFC 4880 section 4.2.1).
                tag = (first >> 2) & 0x0F;
                length = (first & 0x03) switch
                {
                    0 => BigEndian(data, ref position, 1),
                    1 => BigEndian(data, ref position, 2),
                    2 => BigEndian(data, ref position, 4),
                    _ => throw new InvalidOperationException("indeterminate length in a key packet"),
                };
            }

            if (length > data.Length - position)
            {
                throw new InvalidOperationException("truncated OpenPGP packet");
            }

            packets.Add(new OpenPgpPacket(tag, start, position, position + (int)length));
            position += (int)length;
        }

        return packets;
    }

    /// <summary>A new-format header (RFC 4880 section 4.2.2) for a body of <paramref name="length"/> octets.</summary>
    public static void WriteHeader(Stream output, int tag, int length)
    {
        output.WriteByte((byte)(0xC0 | tag));
        if (length < 192)
        {
            output.WriteByte((byte)length);
        }
        else if (length < 8384)
        {
            output.WriteByte((byte)(((length - 192) >> 8) + 192));
            output.WriteByte((byte)(length - 192));
        }
        else
        {
            output.WriteByte(255);
            Span<byte> four = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(four, length);
            output.Write(four);
        }
    }

    static int Byte(ReadOnlySpan<byte> data, int position) =>
        position < data.Length ? data[position] : throw new InvalidOperationException("truncated OpenPGP packet header");

    static long BigEndian(ReadOnlySpan<byte> data, ref int position, int size)
    {
        long value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | (uint)Byte(data, position++);
        }

        return value;
    }
}
