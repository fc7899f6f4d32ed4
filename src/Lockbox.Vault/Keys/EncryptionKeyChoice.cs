// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Vault.Policy;

namespace Lockbox.Vault.Keys;

/// <summary>
/// Which of a user's keys new mail is encrypted to (issue 5, item 7): the active key while it can be encrypted to;
/// after it expires or is revoked, the policy decides between waiting and the newest older key that still can.
/// </summary>
internal static class EncryptionKeyChoice
{
    /// <summary>How long before a key's expiry administrators are warned, in the logs and <c>lockbox user list</c>.</summary>
    public static readonly TimeSpan WarningPeriod = TimeSpan.FromDays(30);

    /// <summary>The certificate to encrypt to, and whether it is an older key standing in for the active one.</summary>
    /// <exception cref="NoEncryptionKeyException">No key may be used: the delivery waits (fail closed).</exception>
    public static (PublicCertificate Certificate, bool Fallback) Choose(IReadOnlyList<UserKeyRecord> keys, CertificateCache certificates, ExpiredKeyAction action)
    {
        var active = keys.FirstOrDefault(k => k.IsActive)
            ?? throw new NoEncryptionKeyException("encryption is on but the user has no active key");
        var certificate = certificates.Get(active.Fingerprint, active.PublicKey);
        if (certificate.CanEncrypt)
        {
            return (certificate, false);
        }

        if (action == ExpiredKeyAction.Fallback)
        {
            foreach (var older in keys.Where(k => !k.IsActive).OrderByDescending(k => k.CreatedUtc))
            {
                var candidate = certificates.Get(older.Fingerprint, older.PublicKey);
                if (candidate.CanEncrypt)
                {
                    return (candidate, true);
                }
            }
        }

        throw new NoEncryptionKeyException(
            $"the active key {active.Fingerprint} can no longer be encrypted to (expired or revoked)"
            + (action == ExpiredKeyAction.Fallback ? " and no older key can be either" : "; Encryption:ExpiredKey is defer")
            + ": rotate or import a key");
    }

    /// <summary>
    /// What an administrator must hear about a user's active key at <paramref name="now"/>: that it can no longer be
    /// encrypted to, or that it will not be within <see cref="WarningPeriod"/>; null when neither.
    /// </summary>
    public static string? Warning(PublicCertificate certificate, ExpiredKeyAction action, DateTime now)
    {
        if (!certificate.CanEncrypt)
        {
            return "the active key can no longer be encrypted to (expired or revoked): new mail "
                + (action == ExpiredKeyAction.Defer ? "is deferred" : "goes to an older key while one is usable")
                + "; rotate or import a key";
        }

        return certificate.EncryptionExpiresUtc is { } expires && expires - now <= WarningPeriod
            ? $"the active key expires on {expires:yyyy-MM-dd} (in {Math.Max(0, (int)(expires - now).TotalDays)} days); rotate or import a key before then"
            : null;
    }
}
