// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// The stored form of a protected secret key, version 1 (docs/decisions/0002-key-protection-envelope.md).
/// All integers are big-endian.
/// <code>
/// offset size  field
///  0      4    magic "LBXK"
///  4      1    version = 1
///  5      4    Argon2id memory, KiB
///  9      1    Argon2id iterations
/// 10      1    Argon2id parallelism
/// 11     16    salt
/// 27     12    AES-GCM nonce
/// 39     16    password check
/// 55      n    AES-256-GCM ciphertext of the unprotected binary secret key ring
/// 55+n   16    GCM tag; associated data = bytes 0..54
/// </code>
/// </summary>
internal sealed class KeyEnvelope
{
    public const int HeaderLength = 55;
    public const int TagLength = 16;
    public const int SaltLength = 16;
    public const int NonceLength = 12;
    public const int CheckLength = 16;
    const byte Version = 1;
    static ReadOnlySpan<byte> Magic => "LBXK"u8;

    KeyEnvelope(Argon2Settings settings, byte[] salt, byte[] nonce)
    {
        Settings = settings;
        Salt = salt;
        Nonce = nonce;
    }

    public Argon2Settings Settings { get; }

    public byte[] Salt { get; }

    public byte[] Nonce { get; }

    /// <summary>A fresh header: new random salt and nonce, so no (key, nonce) pair is ever reused.</summary>
    public static KeyEnvelope Create(Argon2Settings settings) =>
        new(settings, RandomNumberGenerator.GetBytes(SaltLength), RandomNumberGenerator.GetBytes(NonceLength));

    /// <summary>Reads and bounds-checks the header; the caller still has to authenticate it with GCM.</summary>
    /// <exception cref="ProtectedKeyFormatException">Not a version-1 envelope, or parameters out of bounds.</exception>
    public static KeyEnvelope ReadHeader(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < HeaderLength + TagLength || !envelope.StartsWith(Magic))
        {
            throw new ProtectedKeyFormatException("not a Lockbox protected key");
        }

        if (envelope[4] != Version)
        {
            throw new ProtectedKeyFormatException($"unsupported protected key version {envelope[4]}");
        }

        // Parameters come from storage, which the threat model treats as readable and possibly writable
        // by an intruder: bound them before allocating anything (Argon2Settings' ceilings).
        var settings = Argon2Settings.TryCreate(
            BinaryPrimitives.ReadUInt32BigEndian(envelope[5..]), envelope[9], envelope[10], out var problem)
            ?? throw new ProtectedKeyFormatException($"protected key header refused: {problem}");
        return new KeyEnvelope(settings, envelope.Slice(11, SaltLength).ToArray(), envelope.Slice(27, NonceLength).ToArray());
    }

    /// <summary>The 55-byte header, with the password check taken from the derived keys.</summary>
    public void WriteHeader(Span<byte> destination, ReadOnlySpan<byte> check)
    {
        Magic.CopyTo(destination);
        destination[4] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], (uint)Settings.MemoryKiB);
        destination[9] = (byte)Settings.Iterations;
        destination[10] = (byte)Settings.Parallelism;
        Salt.CopyTo(destination[11..]);
        Nonce.CopyTo(destination[27..]);
        check.CopyTo(destination[39..]);
    }

    public static ReadOnlySpan<byte> Check(ReadOnlySpan<byte> envelope) => envelope.Slice(39, CheckLength);
}
