// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Encrypts messages into the stored form (DESIGN.md section 4): a binary OpenPGP message with one PKESK per
/// recipient and a SEIPD packet with MDC (RFC 4880 sections 5.1, 5.13, 5.14), AES-256, partial body lengths,
/// binary literal data. Memory use is bounded whatever the message size.
/// </summary>
public static class MessageEncryptor
{
    /// <summary>
    /// Returns a write-only stream: write the plaintext to it, then dispose it to finish the message.
    /// Ciphertext is written to <paramref name="output"/> as plaintext arrives; <paramref name="output"/> is not closed.
    /// Each recipient gets the newest usable encryption key of its certificate.
    /// </summary>
    /// <exception cref="NoEncryptionKeyException">
    /// A certificate has no usable encryption key; this is checked before anything is written.
    /// </exception>
    public static Stream OpenEncryptingStream(Stream output, IReadOnlyList<PublicCertificate> recipients, EncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("at least one recipient is required", nameof(recipients));
        }

        options ??= EncryptionOptions.Default;
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

        // The same packets either way; the Curve25519 path chooses the session key itself, so it can run
        // AES and SHA-1 through .NET (OpenSSL) instead of BouncyCastle's managed code.
        return !options.Compress && keys.TrueForAll(Curve25519SessionKeyPacket.Supports)
            ? OpenCurve25519(output, keys)
            : OpenBouncyCastle(output, keys, options.Compress);
    }

    static SeipdEncryptingStream OpenCurve25519(Stream output, List<PgpPublicKey> keys)
    {
        var sessionKey = new byte[32];
        try
        {
            RandomNumberGenerator.Fill(sessionKey);
            var packets = keys.ConvertAll(key => Curve25519SessionKeyPacket.Encode(key, sessionKey));
            return new SeipdEncryptingStream(output, packets, sessionKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sessionKey);
        }
    }

    static EncryptingStream OpenBouncyCastle(Stream output, List<PgpPublicKey> keys, bool compress)
    {
        var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, KeyGenerator.Random);
        foreach (var key in keys)
        {
            generator.AddMethod(key);
        }

        return new EncryptingStream(output, generator, compress);
    }

    /// <summary>
    /// Encrypts all of <paramref name="plaintext"/> (from its current position) to <paramref name="output"/>,
    /// which is left open. See <see cref="OpenEncryptingStream"/>.
    /// </summary>
    /// <remarks>If reading or writing fails or is cancelled, the message is left without its MDC, so it never decrypts.</remarks>
    /// <exception cref="NoEncryptionKeyException">A certificate has no usable encryption key. Nothing was written.</exception>
    public static async Task EncryptAsync(
        Stream plaintext, Stream output, IReadOnlyList<PublicCertificate> recipients, CancellationToken cancellationToken, EncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var encrypting = OpenEncryptingStream(output, recipients, options);
        try
        {
            await plaintext.CopyToAsync(encrypting, EncryptingStream.ChunkSize, cancellationToken);
        }
        catch
        {
            ((IAbortableEncryption)encrypting).Abort();
            throw;
        }

        await encrypting.DisposeAsync();
    }
}
