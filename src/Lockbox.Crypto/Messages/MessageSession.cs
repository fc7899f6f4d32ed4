// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// One session key with its public-key encrypted session key packets (RFC 4880 section 5.1), for several
/// OpenPGP messages to the same recipients: a stored message and its index records (DESIGN.md section 4).
/// Every message is complete and standard (its own copy of the PKESKs, its own random CFB prefix, its own
/// MDC), so gpg or <see cref="MessageDecryptor"/> opens each alone; sharing the key saves the public-key
/// operation of every message after the first (one X25519 operation per delivery, not one per record).
/// Legacy ECDH Curve25519 keys without compression take Lockbox's own SEIPD writer; any other key, or
/// compression, takes BouncyCastle's generator with a fresh session key per message. Dispose zeroes the key.
/// </summary>
public sealed class MessageSession : IDisposable
{
    readonly List<PgpPublicKey> _keys;
    readonly bool _compress;
    readonly byte[]? _sessionKey;
    readonly List<byte[]>? _packets;
    bool _disposed;

    MessageSession(List<PgpPublicKey> keys, bool compress)
    {
        _keys = keys;
        _compress = compress;
        if (compress || !keys.TrueForAll(Curve25519SessionKeyPacket.Supports))
        {
            return;
        }

        _sessionKey = new byte[32];
        try
        {
            RandomNumberGenerator.Fill(_sessionKey);
            _packets = keys.ConvertAll(key => Curve25519SessionKeyPacket.Encode(key, _sessionKey));
        }
        catch
        {
            CryptographicOperations.ZeroMemory(_sessionKey);
            throw;
        }
    }

    /// <summary>Checks the recipients and, for Curve25519 keys, draws the session key and encrypts it to each.</summary>
    /// <exception cref="NoEncryptionKeyException">
    /// A certificate has no usable encryption key; this is checked before anything is written.
    /// </exception>
    public static MessageSession Open(IReadOnlyList<PublicCertificate> recipients, EncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("at least one recipient is required", nameof(recipients));
        }

        var keys = new List<PgpPublicKey>(recipients.Count);
        foreach (var recipient in recipients)
        {
            ArgumentNullException.ThrowIfNull(recipient, nameof(recipients));
            // Fail closed: a certificate without a usable key never falls back to anything weaker.
            if (recipient.EncryptionKeys is not [var key, ..])
            {
                throw new NoEncryptionKeyException($"certificate {recipient.Fingerprint} has no usable encryption key");
            }

            RsaModulusCheck.EnsureValidated(key, recipient.Fingerprint);
            keys.Add(key);
        }

        return new MessageSession(keys, (options ?? EncryptionOptions.Default).Compress);
    }

    /// <summary>
    /// Returns a write-only stream: write the plaintext to it, then dispose it to finish the message.
    /// Ciphertext is written to <paramref name="output"/> as plaintext arrives; <paramref name="output"/> is
    /// not closed. The stream keeps its own copy of the key: it outlives this session.
    /// </summary>
    public Stream OpenEncryptingStream(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sessionKey is not null)
        {
            return new SeipdEncryptingStream(output, _packets!, _sessionKey);
        }

        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, KeyGenerator.Random);
        foreach (var key in _keys)
        {
            generator.AddMethod(key);
        }

        return new EncryptingStream(output, generator, _compress);
    }

    /// <summary>Encrypts a small record whole (an index record) into one OpenPGP message.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext)
    {
        using var output = new MemoryStream(plaintext.Length + 256);
        using (var encrypting = OpenEncryptingStream(output))
        {
            encrypting.Write(plaintext);
        }

        return output.ToArray();
    }

    /// <summary>Zeroes the session key.</summary>
    public void Dispose()
    {
        if (!_disposed && _sessionKey is not null)
        {
            CryptographicOperations.ZeroMemory(_sessionKey);
        }

        _disposed = true;
    }
}
