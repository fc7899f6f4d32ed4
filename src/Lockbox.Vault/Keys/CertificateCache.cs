// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using Lockbox.Crypto.Keys;

namespace Lockbox.Vault.Keys;

/// <summary>
/// Parsed certificates by fingerprint, so each delivery reuses the parsed key parameters instead of
/// parsing (and, for RSA, re-validating) the key again (DESIGN.md section 4). Certificates are
/// immutable, so entries never go stale; a rotated key has a new fingerprint.
/// </summary>
internal sealed class CertificateCache
{
    readonly ConcurrentDictionary<string, PublicCertificate> _byFingerprint = new(StringComparer.Ordinal);

    /// <exception cref="KeyFormatException">The stored key is not a readable certificate.</exception>
    public PublicCertificate Get(string fingerprint, byte[] publicKey) =>
        _byFingerprint.GetOrAdd(fingerprint, static (_, bytes) => PublicCertificate.Parse(bytes), publicKey);
}
