// SPDX-License-Identifier: MIT
using System.Buffers;
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Decrypts OpenPGP messages (binary, SEIPD with MDC, RFC 4880 sections 5.1, 5.13, 5.14). No unverified
/// plaintext is ever released (EFAIL): see docs/decisions/0003-decrypt-verify-before-release.md.
/// </summary>
public static class MessageDecryptor
{
    /// <summary>
    /// Plaintext up to this size is held in memory until the MDC verifies. Larger messages need a
    /// seekable ciphertext stream for a verify pass followed by a release pass.
    /// </summary>
    internal const long InMemoryLimit = 16 << 20;

    /// <summary>
    /// Decrypts <paramref name="ciphertext"/> (from its current position) with <paramref name="key"/> and writes
    /// the plaintext to <paramref name="destination"/> only after the MDC verified. Reads of the ciphertext are
    /// synchronous (BouncyCastle); writes to the destination are asynchronous. Neither stream is closed.
    /// </summary>
    /// <exception cref="MessageIntegrityException">Tampered, truncated or without MDC; nothing was written.</exception>
    /// <exception cref="NoMatchingKeyException">The message is not encrypted to any key of <paramref name="key"/>.</exception>
    /// <exception cref="MessageFormatException">The input is not a binary OpenPGP encrypted message.</exception>
    /// <exception cref="MessageTooLargeException">
    /// The plaintext exceeds 16 MiB and <paramref name="ciphertext"/> cannot seek; nothing was written.
    /// </exception>
    public static Task DecryptAsync(Stream ciphertext, UnlockedKey key, Stream destination, CancellationToken cancellationToken) =>
        DecryptAsync(ciphertext, key, destination, InMemoryLimit, cancellationToken);

    internal static async Task DecryptAsync(
        Stream ciphertext, UnlockedKey key, Stream destination, long inMemoryLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(destination);
        var start = ciphertext.CanSeek ? ciphertext.Position : -1;
        var chunk = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            using var held = new PlaintextBuffer(inMemoryLimit);
            var pass = DecryptionPass.Open(ciphertext, key);
            var overflowed = false;
            int read;
            while ((read = pass.Read(chunk)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (overflowed || held.TryAppend(chunk.AsSpan(0, read)))
                {
                    continue;
                }

                if (start < 0)
                {
                    throw new MessageTooLargeException(
                        $"the message is larger than {inMemoryLimit >> 20} MiB and its ciphertext stream cannot seek, so it cannot be verified before release");
                }

                // Too big to hold: keep reading only to check the MDC, then decrypt again for release.
                overflowed = true;
                held.Clear();
            }

            pass.Verify();
            if (!overflowed)
            {
                await held.CopyToAsync(destination, cancellationToken);
                return;
            }

            await ReleaseVerifiedAsync(ciphertext, start, key, destination, chunk, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
        }
    }

    /// <summary>
    /// Second pass over a message whose MDC already verified. Its own MDC is checked again at the end: a
    /// mismatch then means the stored bytes changed between the passes, which the decision record discusses.
    /// </summary>
    static async Task ReleaseVerifiedAsync(
        Stream ciphertext, long start, UnlockedKey key, Stream destination, byte[] chunk, CancellationToken cancellationToken)
    {
        ciphertext.Position = start;
        var pass = DecryptionPass.Open(ciphertext, key);
        int read;
        while ((read = pass.Read(chunk)) > 0)
        {
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        pass.Verify();
    }
}
