// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// One read through an encrypted message: finds the PKESK for the key, opens the SEIPD packet and
/// exposes the literal data through <see cref="Read"/>. Plaintext read that way is unverified until
/// <see cref="Verify"/> returns. Every failure is mapped to a <see cref="MessageException"/>.
/// </summary>
internal sealed class DecryptionPass
{
    readonly PgpEncryptedData _data;

    /// <summary>The literal data, unverified.</summary>
    readonly Stream _plaintext;

    DecryptionPass(PgpEncryptedData data, Stream plaintext)
    {
        _data = data;
        _plaintext = plaintext;
    }

    /// <exception cref="MessageFormatException">Not a binary OpenPGP public-key encrypted message.</exception>
    /// <exception cref="NoMatchingKeyException">No PKESK is addressed to a key that <paramref name="key"/> holds.</exception>
    /// <exception cref="MessageIntegrityException">No MDC, or the session key or the encrypted data is corrupt.</exception>
    public static DecryptionPass Open(Stream ciphertext, UnlockedKey key)
    {
        var list = ReadEncryptedDataList(ciphertext);
        var candidates = list.GetEncryptedDataObjects().ToList();
        if (candidates.Count == 0)
        {
            throw new MessageFormatException("the message has no encrypted data packet");
        }

        // RFC 4880 section 5.13: SEIPD is the only packet that carries an MDC. Refuse the legacy
        // Symmetrically Encrypted Data packet outright, before any key operation (EFAIL).
        if (!candidates[0].IsIntegrityProtected())
        {
            throw new MessageIntegrityException("the message has no modification detection code; refusing to decrypt it");
        }

        foreach (var candidate in candidates.OfType<PgpPublicKeyEncryptedData>())
        {
            if (key.FindPrivateKey(candidate.KeyId) is not { } privateKey)
            {
                continue;
            }

            Stream clear;
            try
            {
                clear = candidate.GetDataStream(privateKey);
            }
            catch (Exception e) when (e is PgpException or IOException)
            {
                throw new MessageIntegrityException("the session key or the start of the encrypted data is corrupt", e);
            }

            return new DecryptionPass(candidate, OpenLiteral(candidate, clear));
        }

        throw new NoMatchingKeyException("the message is not encrypted to this key");
    }

    /// <summary>Reads what follows the literal data (trailing signatures, the MDC packet) and checks the MDC.</summary>
    /// <exception cref="MessageIntegrityException">The MDC does not match, or the message is truncated.</exception>
    public void Verify()
    {
        if (VerifyError(_data) is { } error)
        {
            throw new MessageIntegrityException("the message was modified or truncated (modification detection code mismatch)", error);
        }
    }

    /// <summary>Reads unverified plaintext, mapping parse failures to <see cref="MessageIntegrityException"/>.</summary>
    public int Read(Span<byte> buffer)
    {
        try
        {
            return _plaintext.Read(buffer);
        }
        catch (Exception e) when (IsDataError(e))
        {
            throw new MessageIntegrityException("the encrypted data is truncated or corrupt", e);
        }
    }

    static PgpEncryptedDataList ReadEncryptedDataList(Stream ciphertext)
    {
        try
        {
            var factory = new PgpObjectFactory(ciphertext);
            while (factory.NextPgpObject() is { } next)
            {
                switch (next)
                {
                    case PgpMarker:
                        continue; // RFC 4880 section 5.8: ignore on receipt
                    case PgpEncryptedDataList list:
                        return list;
                    default:
                        throw new MessageFormatException($"not an encrypted OpenPGP message (found {Describe(next)})");
                }
            }
        }
        catch (Exception e) when (IsDataError(e))
        {
            throw new MessageFormatException("not a readable binary OpenPGP message: " + e.Message, e);
        }

        throw new MessageFormatException("not an OpenPGP message: no packets found");
    }

    /// <summary>
    /// The literal data inside the decrypted stream, under an optional compressed packet and optional
    /// one-pass signatures (RFC 4880 section 11.3). If the structure is wrong, the MDC decides whether
    /// that is tampering or a well-formed message Lockbox does not read.
    /// </summary>
    static Stream OpenLiteral(PgpEncryptedData data, Stream clear)
    {
        string problem;
        Exception? error = null;
        try
        {
            var factory = new PgpObjectFactory(clear);
            while (true)
            {
                var next = factory.NextPgpObject();
                switch (next)
                {
                    case PgpLiteralData literal:
                        return literal.GetDataStream();
                    case PgpCompressedData compressed:
                        factory = new PgpObjectFactory(compressed.GetDataStream());
                        continue;
                    case PgpOnePassSignatureList or PgpMarker:
                        continue;
                    case null:
                        problem = "the encrypted message holds no literal data";
                        break;
                    default:
                        problem = $"the encrypted message holds {Describe(next)}, not literal data";
                        break;
                }

                break;
            }
        }
        catch (Exception e) when (IsDataError(e))
        {
            problem = "the encrypted data is not readable: " + e.Message;
            error = e;
        }

        if (VerifyError(data) is { } verifyError)
        {
            throw new MessageIntegrityException("the message was modified or truncated", verifyError);
        }

        throw error is null ? new MessageFormatException(problem) : new MessageFormatException(problem, error);
    }

    /// <summary>Null if the MDC matches; otherwise why it does not.</summary>
    static Exception? VerifyError(PgpEncryptedData data)
    {
        try
        {
            return data.Verify() ? null : new PgpDataValidationException("modification detection code mismatch");
        }
        catch (Exception e) when (IsDataError(e))
        {
            return e;
        }
    }

    /// <summary>What BouncyCastle and the inflater throw for malformed or truncated input.</summary>
    // Garbled plaintext (a tampered message) makes BouncyCastle's packet parser throw almost anything:
    // UnsupportedPacketVersionException and CryptoException derive from Exception directly, not PgpException.
    static bool IsDataError(Exception e) =>
        e is IOException or PgpException or InvalidDataException or InvalidOperationException or ArgumentException
            or Org.BouncyCastle.Bcpg.UnsupportedPacketVersionException or Org.BouncyCastle.Crypto.CryptoException;

    static string Describe(PgpObject packet) => packet.GetType().Name.Replace("Pgp", "", StringComparison.Ordinal);
}
