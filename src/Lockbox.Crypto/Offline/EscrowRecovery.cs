// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Protection;

namespace Lockbox.Crypto.Offline;

/// <summary>
/// The offline half of an escrow recovery (docs/decisions/0019): opens every escrow copy of a recovery request
/// with the master secret key and protects each recovered key under a one-time password, which the operator
/// hands to the user apart from the response file.
/// </summary>
public static class EscrowRecovery
{
    /// <summary>No 0/O, 1/I/L: the password is read out or typed by a person. 31 symbols, about 4.95 bits each.</summary>
    const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Groups of five symbols, 20 in all: about 99 bits, beyond guessing even without Argon2.</summary>
    const int Groups = 4;

    /// <summary>A fresh random one-time password, e.g. <c>K7PQR-4MZ2T-...</c>.</summary>
    public static string NewOneTimePassword() =>
        string.Join('-', Enumerable.Range(0, Groups).Select(_ => RandomNumberGenerator.GetString(Alphabet, 5)));

    /// <summary>The response to <paramref name="request"/>: every key recovered and protected under <paramref name="oneTimePassword"/>.</summary>
    /// <exception cref="EscrowFormatException">The request is for another master key, or a copy holds a different key than it names.</exception>
    /// <exception cref="Messages.NoMatchingKeyException">A copy is encrypted to a different master key.</exception>
    /// <exception cref="Messages.MessageIntegrityException">A copy was tampered with or truncated.</exception>
    /// <exception cref="Messages.MessageFormatException">A copy is not an OpenPGP encrypted message.</exception>
    /// <exception cref="Keys.KeyFormatException">A copy decrypts, but not to an unprotected secret key.</exception>
    public static async Task<EscrowDocument> RecoverAsync(
        EscrowDocument request, MasterSecretKey master, string oneTimePassword, Argon2Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(master);
        if (!string.Equals(request.MasterFingerprint, master.Fingerprint, StringComparison.OrdinalIgnoreCase))
        {
            throw new EscrowFormatException($"the request's copies are encrypted to master key {request.MasterFingerprint}, not to {master.Fingerprint}");
        }

        var recovered = new List<EscrowEntry>(request.Keys.Count);
        foreach (var entry in request.Keys)
        {
            using var key = await EscrowUnwrap.UnwrapAsync(entry.Data, master, cancellationToken);
            if (!string.Equals(key.Certificate.Fingerprint, entry.Fingerprint, StringComparison.OrdinalIgnoreCase))
            {
                throw new EscrowFormatException($"the copy listed as key {entry.Fingerprint} holds key {key.Certificate.Fingerprint}");
            }

            recovered.Add(new EscrowEntry(key.Certificate.Fingerprint, KeyProtector.Protect(key, oneTimePassword, settings)));
        }

        return request.Answer(recovered);
    }
}
