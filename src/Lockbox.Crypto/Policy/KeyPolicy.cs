// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Policy;

/// <summary>
/// Decides whether a user's certificate is strong enough to store mail under. It checks every key that
/// would be used: the primary key (it certifies the bindings) and every usable encryption key, plus the
/// self-signatures that make them valid. Keys that would not be used (signing subkeys, revoked or expired
/// subkeys when another encryption key is usable) are not judged. Thread-safe and stateless.
/// </summary>
public sealed class KeyPolicy
{
    /// <summary>A policy with <paramref name="options"/>, or the floors when null.</summary>
    public KeyPolicy(KeyPolicyOptions? options = null)
    {
        Options = options ?? new KeyPolicyOptions();
    }

    /// <summary>The minimums in force.</summary>
    public KeyPolicyOptions Options { get; }

    /// <summary>Evaluates <paramref name="certificate"/> as of <paramref name="nowUtc"/> (expiry and signature times).</summary>
    public PolicyVerdict Evaluate(PublicCertificate certificate, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var ring = certificate.Ring;
        var reasons = new List<string>();
        var primary = KeyValidity.Primary(ring, nowUtc);
        var primaryLabel = $"primary key {Id(primary.Key)}";

        AddRefusedSignatures(reasons, primary, $"self-signature on {primaryLabel}");
        Add(reasons, KeyStrengthRule.Check(primary.Key, primaryLabel, Options));
        var summary = new List<string> { $"{KeyStrengthRule.Describe(primary.Key)} primary" };

        var primaryValid = primary.IsValidAt(nowUtc);
        if (!primaryValid)
        {
            Add(reasons, PrimaryProblem(primary, primaryLabel, nowUtc));
        }

        // Subkeys are judged even under an invalid primary key, so one run names everything to fix.
        var subkeys = KeyValidity.Subkeys(ring, nowUtc).ToList();
        var usable = 0;
        if (primaryValid && primary.CanEncrypt)
        {
            usable++;
            summary.Add("primary encrypts");
        }

        foreach (var subkey in subkeys.Where(s => s.IsMeantToEncrypt))
        {
            var label = $"encryption subkey {Id(subkey.Key)}";
            AddRefusedSignatures(reasons, subkey, $"binding signature on {label}");
            if (subkey.IsValidAt(nowUtc) && subkey.CanEncrypt)
            {
                usable++;
                Add(reasons, KeyStrengthRule.Check(subkey.Key, label, Options));
                summary.Add($"{KeyStrengthRule.Describe(subkey.Key)} encryption subkey");
            }
        }

        // Without a valid primary key nothing is usable; its own reason already says so.
        if (primaryValid && usable == 0)
        {
            var why = subkeys.Where(s => s.IsMeantToEncrypt).Select(s => SubkeyProblem(s, nowUtc)).ToList();
            reasons.Add($"rejected: key {Id(primary.Key)} has no valid encryption-capable key ({(why.Count == 0 ? "it has no encryption subkey" : string.Join("; ", why))})");
        }

        return new PolicyVerdict(certificate.Fingerprint, string.Join(", ", summary), reasons);
    }

    static void AddRefusedSignatures(List<string> reasons, KeyValidity.KeyState state, string what) =>
        reasons.AddRange(state.RefusedSignatures.Select(s => $"rejected: {what} {SignatureHashRule.Describe(s)}"));

    static string? PrimaryProblem(KeyValidity.KeyState primary, string label, DateTime now)
    {
        if (primary.Revoked)
        {
            return $"rejected: {label} is revoked";
        }

        if (primary.Binding is null)
        {
            // A refused-hash self-signature was already named; otherwise say that none verifies.
            return primary.RefusedSignatures.Count > 0 ? null : $"rejected: {label} has no valid self-signature";
        }

        if (primary.Key.CreationTime > now)
        {
            return $"rejected: {label} is created in the future ({primary.Key.CreationTime:yyyy-MM-dd})";
        }

        return $"rejected: {label} expired on {primary.ExpiresUtc:yyyy-MM-dd}";
    }

    static string SubkeyProblem(KeyValidity.KeyState subkey, DateTime now)
    {
        var id = $"subkey {Id(subkey.Key)}";
        if (subkey.Revoked)
        {
            return $"{id} is revoked";
        }

        if (subkey.Binding is null)
        {
            return subkey.RefusedSignatures.Count > 0
                ? $"{id} is bound only by a signature with a refused hash"
                : $"{id} has no valid binding signature";
        }

        if (subkey.Key.CreationTime > now)
        {
            return $"{id} is created in the future ({subkey.Key.CreationTime:yyyy-MM-dd})";
        }

        return subkey.ExpiresUtc is { } expires && expires <= now
            ? $"{id} expired on {expires:yyyy-MM-dd}"
            : $"{id} is not flagged for encryption";
    }

    static void Add(List<string> reasons, string? reason)
    {
        if (reason is not null)
        {
            reasons.Add(reason);
        }
    }

    /// <summary>A key ID as users see it in gpg: 0x and 16 upper-case hex digits.</summary>
    internal static string Id(PgpPublicKey key) => $"0x{key.KeyId:X16}";
}
