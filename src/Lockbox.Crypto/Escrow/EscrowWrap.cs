// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;

namespace Lockbox.Crypto.Escrow;

/// <summary>
/// Escrows a user's key (DESIGN.md section 4): the unprotected secret key ring, encrypted to the master
/// public key as an ordinary binary OpenPGP message (PKESK + SEIPD with MDC, AES-256, see
/// <see cref="MessageEncryptor"/>). Only the offline side, holding the master secret key, can open it.
/// </summary>
public static class EscrowWrap
{
    /// <summary>The escrow blob for <paramref name="userKey"/>. The unprotected key bytes are zeroed before returning.</summary>
    /// <exception cref="ObjectDisposedException"><paramref name="userKey"/> was disposed.</exception>
    public static byte[] Wrap(UnlockedKey userKey, MasterPublicKey master)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        ArgumentNullException.ThrowIfNull(master);
        var secret = userKey.ToUnprotectedBinary();
        try
        {
            // The MemoryStream only ever holds ciphertext; the encryptor zeroes its plaintext buffers.
            using var ciphertext = new MemoryStream();
            using (var encrypting = MessageEncryptor.OpenEncryptingStream(ciphertext, [master.Certificate]))
            {
                encrypting.Write(secret);
            }

            return ciphertext.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
