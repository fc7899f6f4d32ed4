// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;

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
        using var session = MessageSession.Open(recipients, options);
        return session.OpenEncryptingStream(output);
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
            await plaintext.CopyToAsync(encrypting, SinkEncryptingStream.ChunkSize, cancellationToken);
        }
        catch
        {
            ((IAbortableEncryption)encrypting).Abort();
            throw;
        }

        await encrypting.DisposeAsync();
    }
}
