// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Policy;

namespace Lockbox.Vault.Portal;

/// <summary>A certificate's public facts as the Security page shows them.</summary>
internal static class KeyDetailsReader
{
    /// <summary>The facts of <paramref name="certificate"/>; <paramref name="verdict"/> is its key policy evaluation (for the summary line).</summary>
    public static KeyDetails Describe(PublicCertificate certificate, PolicyVerdict verdict, ExpiredKeyAction expiredKey, DateTime now)
    {
        var primary = KeyStrength.OfPrimary(certificate);
        var encryption = KeyStrength.OfEncryptionKey(certificate);
        // The same words and the same 30 days as `lockbox user list` and the server's daily log line.
        var warning = EncryptionKeyChoice.Warning(certificate, expiredKey, now);
        return new KeyDetails(
            certificate.Fingerprint, primary.Algorithm, primary.Bits, primary.Curve, encryption?.Algorithm, encryption?.Bits, encryption?.Curve,
            verdict.Summary, certificate.UserIds, certificate.CreatedUtc, certificate.EncryptionExpiresUtc, certificate.CanEncrypt, warning is not null, warning);
    }

    /// <summary>A stored key that no longer parses: delivery fails closed on it, so the page says so instead of failing.</summary>
    public static KeyDetails Unreadable(string fingerprint, string problem) =>
        new(fingerprint, "unreadable", null, null, null, null, null, problem, [], DateTime.MinValue, null, false, true,
            "your active key cannot be read, so new mail waits: upload a key or ask your provider");

    /// <summary>"RSA 3072-bit" or "EdDSA (Ed25519)": the primary key in a few words.</summary>
    public static string Strength(KeyDetails key) =>
        key.Bits is { } bits ? $"{key.Algorithm} {bits}-bit" : key.Curve is { } curve ? $"{key.Algorithm} ({curve})" : key.Algorithm;
}
