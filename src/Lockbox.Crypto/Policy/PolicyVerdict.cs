// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Policy;

/// <summary>
/// The outcome of <see cref="KeyPolicy.Evaluate"/>. <see cref="Reasons"/> is empty exactly when the key is
/// accepted; otherwise each entry is one line, starting with "rejected: ", that names the rule, the key ID
/// and what was found, so a user can act on it.
/// </summary>
public sealed record PolicyVerdict
{
    internal PolicyVerdict(string fingerprint, string summary, IReadOnlyList<string> reasons)
    {
        Fingerprint = fingerprint;
        Summary = summary;
        Reasons = reasons;
    }

    /// <summary>True if every key that would be used meets the policy.</summary>
    public bool Accepted => Reasons.Count == 0;

    /// <summary>The evaluated certificate's fingerprint, 40 upper-case hex digits.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// The algorithms in use, e.g. "Ed25519 primary, Cv25519 encryption subkey". When rejected, it lists
    /// only the primary key and whatever encryption keys were still usable.
    /// </summary>
    public string Summary { get; }

    /// <summary>One-line rejection reasons, in the order the rules ran; empty when accepted.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
