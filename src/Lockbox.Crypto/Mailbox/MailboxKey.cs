// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Protection;

namespace Lockbox.Crypto.Mailbox;

/// <summary>
/// A user's symmetric mailbox key (DESIGN.md section 4, "fast access"). It is stored wrapped to the user's
/// public key; once a login has unwrapped it, index records are sealed under it with AES-256-GCM, so later
/// logins cost one asymmetric operation instead of one per message. Dispose zeroes it. Thread-safe: all sessions of a
/// user share one instance.
/// <code>
/// sealed record: "LBXM" | version 1 | 12-byte nonce | ciphertext | 16-byte tag  (AAD: the 5-byte prefix)
/// </code>
/// </summary>
public sealed class MailboxKey : IDisposable
{
    const int KeyLength = 32;
    const int NonceLength = 12;
    const int TagLength = 16;
    const byte Version = 1;
    static ReadOnlySpan<byte> Magic => "LBXM"u8;

    readonly LockedBuffer _key = new(KeyLength);
    // AesGcm keeps one OpenSSL cipher context per instance and is not thread-safe: concurrent calls from a user's
    // sessions failed with "invalid tag" and could seal a record that never opens (found by the load test,
    // docs/decisions/0034). One lock per key: a seal or open holds it for microseconds (AES-GCM at GiB/s).
    readonly Lock _aesLock = new();
    readonly AesGcm _aes;

    /// <summary>Takes the key into a locked buffer and zeroes <paramref name="key"/>.</summary>
    MailboxKey(byte[] key)
    {
        key.CopyTo(_key.Bytes, 0);
        CryptographicOperations.ZeroMemory(key);
        _aes = new AesGcm(_key.Bytes, TagLength);
    }

    /// <summary>A new random key.</summary>
    public static MailboxKey Generate() => new(RandomNumberGenerator.GetBytes(KeyLength));

    /// <summary>Opens a wrapped key with the user's unlocked key.</summary>
    /// <exception cref="MessageException">The wrapped key does not open with <paramref name="userKey"/>, or is damaged.</exception>
    public static async Task<MailboxKey> UnwrapAsync(byte[] wrapped, UnlockedKey userKey, CancellationToken cancellationToken)
    {
        using var plain = new MemoryStream();
        await MessageDecryptor.DecryptAsync(new MemoryStream(wrapped, writable: false), userKey, plain, cancellationToken);
        var key = plain.ToArray();
        // MemoryStream keeps its own buffer: zero it too.
        Array.Clear(plain.GetBuffer());
        if (key.Length != KeyLength)
        {
            Array.Clear(key);
            throw new MessageFormatException("a wrapped mailbox key must hold 32 bytes");
        }

        return new MailboxKey(key);
    }

    /// <summary>This key as an OpenPGP message to <paramref name="certificate"/>: safe to store.</summary>
    public async Task<byte[]> WrapAsync(PublicCertificate certificate, CancellationToken cancellationToken)
    {
        using var wrapped = new MemoryStream();
        await MessageEncryptor.EncryptAsync(new MemoryStream(_key.Bytes, writable: false), wrapped, [certificate], cancellationToken);
        return wrapped.ToArray();
    }

    /// <summary>Seals <paramref name="plaintext"/> with a fresh random nonce.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext)
    {
        var record = new byte[Magic.Length + 1 + NonceLength + plaintext.Length + TagLength];
        Magic.CopyTo(record);
        record[Magic.Length] = Version;
        var nonce = record.AsSpan(Magic.Length + 1, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        lock (_aesLock)
        {
            _aes.Encrypt(nonce, plaintext, record.AsSpan(Magic.Length + 1 + NonceLength, plaintext.Length), record.AsSpan(record.Length - TagLength), record.AsSpan(0, Magic.Length + 1));
        }

        return record;
    }

    /// <summary>Opens a sealed record. The caller owns the plaintext and should zero it when done.</summary>
    /// <exception cref="MessageIntegrityException">The record was altered or sealed under another key.</exception>
    /// <exception cref="MessageFormatException">Not a sealed record.</exception>
    public byte[] Open(ReadOnlySpan<byte> record)
    {
        if (!IsSealed(record))
        {
            throw new MessageFormatException("not a mailbox-key sealed record");
        }

        var header = Magic.Length + 1;
        var plaintext = new byte[record.Length - header - NonceLength - TagLength];
        try
        {
            lock (_aesLock)
            {
                _aes.Decrypt(record.Slice(header, NonceLength), record.Slice(header + NonceLength, plaintext.Length), record[^TagLength..], plaintext, record[..header]);
            }
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new MessageIntegrityException("the sealed record was altered or belongs to another mailbox key", e);
        }

        return plaintext;
    }

    /// <summary>True if <paramref name="record"/> has the sealed-record header (it may still fail to open).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> record) =>
        record.Length >= Magic.Length + 1 + NonceLength + TagLength && record.StartsWith(Magic) && record[Magic.Length] == Version;

    public void Dispose()
    {
        lock (_aesLock)
        {
            _aes.Dispose();
        }

        _key.Dispose();
    }
}
