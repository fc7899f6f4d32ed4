// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Crypto.Offline;

/// <summary>
/// Opens an escrow blob made by <see cref="Escrow.EscrowWrap"/> with the master secret key, offline.
/// Decryption goes through <see cref="MessageDecryptor"/>, so the MDC is verified before any key byte is used.
/// </summary>
public static class EscrowUnwrap
{
    /// <summary>The user's key, unprotected, from <paramref name="escrowBlob"/>. The caller owns and disposes it.</summary>
    /// <exception cref="NoMatchingKeyException">The blob was wrapped to a different master key.</exception>
    /// <exception cref="MessageIntegrityException">The blob was tampered with or truncated.</exception>
    /// <exception cref="MessageFormatException">The blob is not an OpenPGP encrypted message.</exception>
    /// <exception cref="KeyFormatException">The blob decrypts, but not to an unprotected secret key.</exception>
    public static async Task<UnlockedKey> UnwrapAsync(byte[] escrowBlob, MasterSecretKey master, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(escrowBlob);
        ArgumentNullException.ThrowIfNull(master);
        // Sized up front: the blob is not compressed, so its plaintext is shorter than the blob and the
        // stream never reallocates, which would leave an unzeroed copy of the key behind.
        using var plaintext = new MemoryStream(escrowBlob.Length);
        byte[]? secret = null;
        try
        {
            using var ciphertext = new MemoryStream(escrowBlob, writable: false);
            await MessageDecryptor.DecryptAsync(ciphertext, master.Key, plaintext, cancellationToken);
            secret = plaintext.ToArray();
            return UnlockedKey.FromUnprotectedBinary(secret);
        }
        catch (ArgumentException e)
        {
            throw new KeyFormatException("the escrowed key is passphrase-protected; an escrow blob holds the unprotected key", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext.GetBuffer());
            if (secret is not null)
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }
    }
}
