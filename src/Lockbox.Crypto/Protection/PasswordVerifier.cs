// SPDX-License-Identifier: MIT
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// An Argon2id password verifier for accounts without a secret key on the server (cleartext
/// mailboxes): for them no key unlock can check the password. Same cost as unlocking a key, so
/// the two kinds of account cannot be told apart by login timing.
/// <code>
/// offset size  field
///  0      4    magic "LBXV"
///  4      1    version = 1
///  5      4    Argon2id memory, KiB (big-endian)
///  9      1    Argon2id iterations
/// 10      1    Argon2id parallelism
/// 11     16    salt
/// 27     32    Argon2id output
/// </code>
/// </summary>
public static class PasswordVerifier
{
    const int SaltLength = 16;
    const int HashLength = 32;
    const int Length = 11 + SaltLength + HashLength;
    const byte Version = 1;
    static ReadOnlySpan<byte> Magic => "LBXV"u8;

    /// <summary>A new verifier with a random salt.</summary>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public static byte[] Create(ReadOnlySpan<char> password, Argon2Settings settings)
    {
        if (password.IsEmpty)
        {
            throw new ArgumentException("the password must not be empty", nameof(password));
        }

        var verifier = new byte[Length];
        Magic.CopyTo(verifier);
        verifier[4] = Version;
        BinaryPrimitives.WriteUInt32BigEndian(verifier.AsSpan(5), (uint)settings.MemoryKiB);
        verifier[9] = (byte)settings.Iterations;
        verifier[10] = (byte)settings.Parallelism;
        RandomNumberGenerator.Fill(verifier.AsSpan(11, SaltLength));
        Hash(password, verifier.AsSpan(11, SaltLength).ToArray(), settings, verifier.AsSpan(11 + SaltLength));
        return verifier;
    }

    /// <summary>True if <paramref name="password"/> matches. The comparison takes constant time.</summary>
    /// <exception cref="ProtectedKeyFormatException">Not a verifier, or parameters out of bounds.</exception>
    public static bool Verify(ReadOnlySpan<byte> verifier, ReadOnlySpan<char> password)
    {
        if (verifier.Length != Length || !verifier.StartsWith(Magic) || verifier[4] != Version)
        {
            throw new ProtectedKeyFormatException("not a Lockbox password verifier");
        }

        // Stored parameters are bounded before use, as for key envelopes: storage may be tampered with.
        var settings = Argon2Settings.TryCreate(BinaryPrimitives.ReadUInt32BigEndian(verifier[5..]), verifier[9], verifier[10], out var problem)
            ?? throw new ProtectedKeyFormatException($"password verifier refused: {problem}");
        Span<byte> actual = stackalloc byte[HashLength];
        Hash(password, verifier.Slice(11, SaltLength).ToArray(), settings, actual);
        return CryptographicOperations.FixedTimeEquals(actual, verifier.Slice(11 + SaltLength));
    }

    static void Hash(ReadOnlySpan<char> password, byte[] salt, Argon2Settings settings, Span<byte> destination)
    {
        var passwordBytes = PasswordBytes.Encode(password);
        var output = new byte[HashLength];
        try
        {
            Argon2Kdf.Derive(passwordBytes, salt, settings, output);
            output.CopyTo(destination);
        }
        finally
        {
            Array.Clear(passwordBytes);
            Array.Clear(output);
        }
    }
}
