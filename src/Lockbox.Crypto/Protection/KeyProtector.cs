// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// Protects a secret key for storage under the mailbox password: Argon2id, then AES-256-GCM, in the
/// envelope described in docs/decisions/0002-key-protection-envelope.md. Each call runs Argon2 once
/// (<see cref="ChangePassword"/> twice) and holds about <see cref="Argon2Settings.MemoryKiB"/> of memory
/// meanwhile: callers gate concurrent calls (DESIGN.md section 4).
/// </summary>
public static class KeyProtector
{
    /// <summary>Encrypts <paramref name="key"/> under <paramref name="password"/>. The result holds no secret in clear.</summary>
    /// <exception cref="ArgumentException">The password is empty.</exception>
    public static byte[] Protect(UnlockedKey key, ReadOnlySpan<char> password, Argon2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(settings);
        if (password.IsEmpty)
        {
            throw new ArgumentException("the password must not be empty", nameof(password));
        }

        var plaintext = key.ToUnprotectedBinary();
        try
        {
            return Seal(plaintext, password, KeyEnvelope.Create(settings));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Opens an envelope. The Argon2 parameters come from its header, so envelopes written with higher
    /// settings than today's default still open.
    /// </summary>
    /// <exception cref="WrongPasswordException">The password does not match.</exception>
    /// <exception cref="ProtectedKeyFormatException">Not an envelope, parameters out of bounds, or altered.</exception>
    public static UnlockedKey Unlock(ReadOnlySpan<byte> envelope, ReadOnlySpan<char> password)
    {
        var plaintext = Open(envelope, password);
        try
        {
            return UnlockedKey.FromUnprotectedBinary(plaintext);
        }
        catch (KeyFormatException e)
        {
            // Authenticated yet unreadable: written by a buggy or foreign writer, not a wrong password.
            throw new ProtectedKeyFormatException("protected key holds no readable secret key", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Re-protects under a new password and <paramref name="settings"/>, with a new salt and nonce.</summary>
    /// <exception cref="WrongPasswordException"><paramref name="oldPassword"/> does not match.</exception>
    /// <exception cref="ProtectedKeyFormatException">Not an envelope, parameters out of bounds, or altered.</exception>
    /// <exception cref="ArgumentException">The new password is empty.</exception>
    public static byte[] ChangePassword(
        ReadOnlySpan<byte> envelope, ReadOnlySpan<char> oldPassword, ReadOnlySpan<char> newPassword, Argon2Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (newPassword.IsEmpty)
        {
            throw new ArgumentException("the password must not be empty", nameof(newPassword));
        }

        // Proving the ring parses before re-sealing it keeps a damaged key from being re-blessed.
        using var key = Unlock(envelope, oldPassword);
        return Protect(key, newPassword, settings);
    }

    static byte[] Seal(byte[] plaintext, ReadOnlySpan<char> password, KeyEnvelope header)
    {
        var keys = DeriveKeys(password, header);
        try
        {
            var envelope = new byte[KeyEnvelope.HeaderLength + plaintext.Length + KeyEnvelope.TagLength];
            header.WriteHeader(envelope, keys.AsSpan(32, KeyEnvelope.CheckLength));
            var associated = envelope.AsSpan(0, KeyEnvelope.HeaderLength);
            using var gcm = new AesGcm(keys.AsSpan(0, 32), KeyEnvelope.TagLength);
            gcm.Encrypt(
                header.Nonce,
                plaintext,
                envelope.AsSpan(KeyEnvelope.HeaderLength, plaintext.Length),
                envelope.AsSpan(KeyEnvelope.HeaderLength + plaintext.Length),
                associated);
            return envelope;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <summary>The unprotected ring bytes; the caller zeroes them.</summary>
    static byte[] Open(ReadOnlySpan<byte> envelope, ReadOnlySpan<char> password)
    {
        var header = KeyEnvelope.ReadHeader(envelope);
        var keys = DeriveKeys(password, header);
        try
        {
            // The check tells a wrong password from a damaged envelope; it costs an attacker the same
            // Argon2 run as trying the GCM tag, so it gives nothing away.
            if (!CryptographicOperations.FixedTimeEquals(keys.AsSpan(32, KeyEnvelope.CheckLength), KeyEnvelope.Check(envelope)))
            {
                throw new WrongPasswordException();
            }

            var ciphertextLength = envelope.Length - KeyEnvelope.HeaderLength - KeyEnvelope.TagLength;
            var plaintext = new byte[ciphertextLength];
            using var gcm = new AesGcm(keys.AsSpan(0, 32), KeyEnvelope.TagLength);
            try
            {
                gcm.Decrypt(
                    header.Nonce,
                    envelope.Slice(KeyEnvelope.HeaderLength, ciphertextLength),
                    envelope[^KeyEnvelope.TagLength..],
                    plaintext,
                    envelope[..KeyEnvelope.HeaderLength]);
            }
            catch (AuthenticationTagMismatchException e)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                throw new ProtectedKeyFormatException("protected key was altered or damaged", e);
            }

            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    /// <summary>
    /// 48 bytes: the AES-256 key, then the 16-byte password check. Argon2 yields one 32-byte secret and
    /// HKDF-Expand (RFC 5869) splits it with distinct labels, so the stored check says nothing about the key.
    /// </summary>
    static byte[] DeriveKeys(ReadOnlySpan<char> password, KeyEnvelope header)
    {
        var passwordBytes = PasswordBytes.Encode(password);
        var secret = new byte[32];
        var keys = new byte[32 + KeyEnvelope.CheckLength];
        try
        {
            Argon2Kdf.Derive(passwordBytes, header.Salt, header.Settings, secret);
            HKDF.Expand(HashAlgorithmName.SHA256, secret, keys.AsSpan(0, 32), "LBXK v1 AES-256-GCM key"u8);
            HKDF.Expand(HashAlgorithmName.SHA256, secret, keys.AsSpan(32), "LBXK v1 password check"u8);
            return keys;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(keys);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
