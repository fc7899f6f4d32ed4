// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Lockbox.Crypto.Tests.Keys;
using Org.BouncyCastle.Bcpg;

namespace Lockbox.Crypto.Tests.Policy;

public sealed class KeyPolicyTests
{
    static readonly KeyPolicy Policy = new();

    const string AllowedCurves = "Curve25519, NIST P-256/P-384/P-521, brainpoolP256r1/P384r1/P512r1";

    public static TheoryData<string, string[]> WeakFixtures => new()
    {
        { "rsa1024.asc", [
            "rejected: primary key 0xD04AA598C0CB8193 is RSA 1024 bits; the minimum is 2048",
            "rejected: encryption subkey 0x44981324FC8E9341 is RSA 1024 bits; the minimum is 2048"] },
        // gpg signs with SHA-1 under a DSA-1024 key (its q is 160 bits), so the self-signatures fail too.
        { "dsa1024-elg2048.asc", [
            "rejected: self-signature on primary key 0x6DED1DFCD83393F0 uses SHA-1 and was made on 2026-11-28; SHA-1 is refused from 2024-01-01",
            "rejected: primary key 0x6DED1DFCD83393F0 is DSA 1024 bits; the minimum is 2048",
            "rejected: binding signature on encryption subkey 0x7ADC87EC0388F7AE uses SHA-1 and was made on 2026-11-28; SHA-1 is refused from 2024-01-01"] },
        { "dsa2048-elg3072.asc", ["rejected: encryption subkey 0x5B113D963E14B140 is ElGamal 3072 bits; the minimum is 4096"] },
        { "expired.asc", ["rejected: primary key 0xBBA5AEF67B6CB9FF expired on 2024-05-01"] },
        { "revoked.asc", ["rejected: primary key 0xD914183C0F8F0B67 is revoked"] },
        { "revoked-encryption-subkey.asc", [
            "rejected: key 0x20C1EE901099D581 has no valid encryption-capable key (subkey 0xCC6877111866F266 is revoked)"] },
        { "sign-only.asc", ["rejected: key 0xC7D146FCD5FBC948 has no valid encryption-capable key (it has no encryption subkey)"] },
        { "md5.asc", [
            "rejected: self-signature on primary key 0xEF1EE37935904C0E uses MD5",
            "rejected: binding signature on encryption subkey 0x83585864A3830F70 uses MD5"] },
        { "sha1-2024.asc", [
            "rejected: self-signature on primary key 0x5565072A36CE687D uses SHA-1 and was made on 2024-06-01; SHA-1 is refused from 2024-01-01",
            "rejected: binding signature on encryption subkey 0x183BD6BB5271E330 uses SHA-1 and was made on 2024-06-01; SHA-1 is refused from 2024-01-01"] },
        { "secp256k1.asc", [
            $"rejected: primary key 0xE32DC791949ED2E2 uses curve secp256k1 for ECDSA, which is not allowed (allowed: {AllowedCurves})",
            $"rejected: encryption subkey 0x59117200063B75CE uses curve secp256k1 for ECDH, which is not allowed (allowed: {AllowedCurves})"] },
    };

    [Theory]
    [MemberData(nameof(WeakFixtures))]
    public void Weak_gpg_key_is_rejected_with_one_line_reasons_naming_rule_key_and_size(string fixture, string[] reasons)
    {
        var verdict = Policy.Evaluate(KeyFixtures.Certificate(fixture), DateTime.UtcNow);

        Assert.False(verdict.Accepted);
        Assert.Equal(reasons, verdict.Reasons);
        Assert.All(verdict.Reasons, r => Assert.DoesNotContain('\n', r));
    }

    [Theory]
    [InlineData("gpg-default.asc", "RSA 3072 primary, RSA 3072 encryption subkey")]
    [InlineData("gpg-future-default.asc", "Ed25519 primary, Cv25519 encryption subkey")]
    [InlineData("rsa2048.asc", "RSA 2048 primary, RSA 2048 encryption subkey")]
    [InlineData("dsa2048-elg4096.asc", "DSA 2048 primary, ElGamal 4096 encryption subkey")]
    [InlineData("nistp256.asc", "NIST P-256 primary, NIST P-256 encryption subkey")]
    public void Sound_gpg_key_is_accepted(string fixture, string summary)
    {
        var certificate = KeyFixtures.Certificate(fixture);

        var verdict = Policy.Evaluate(certificate, DateTime.UtcNow);

        Assert.Empty(verdict.Reasons);
        Assert.True(verdict.Accepted);
        Assert.Equal(summary, verdict.Summary);
        Assert.Equal(certificate.Fingerprint, verdict.Fingerprint);
    }

    [Fact]
    public void Key_generated_by_lockbox_is_accepted()
    {
        using var key = KeyGenerator.Generate("dave@example.org");

        Assert.True(Policy.Evaluate(key.Certificate, DateTime.UtcNow).Accepted);
    }

    [Fact]
    public void Expired_key_was_accepted_before_it_expired()
    {
        var certificate = KeyFixtures.Certificate("expired.asc");

        Assert.True(Policy.Evaluate(certificate, new DateTime(2024, 4, 30, 0, 0, 0, DateTimeKind.Utc)).Accepted);
        Assert.False(Policy.Evaluate(certificate, new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc)).Accepted);
    }

    [Theory]
    [InlineData(2023, true)]
    [InlineData(2024, false)]
    public void Sha1_self_signatures_count_only_when_made_before_2024(int year, bool accepted)
    {
        var made = new DateTime(year - 1, 12, 31, 12, 0, 0, DateTimeKind.Utc).AddDays(year == 2024 ? 1 : 0);
        var certificate = TestKeys.Build(made, HashAlgorithmTag.Sha1);

        var verdict = Policy.Evaluate(certificate, DateTime.UtcNow);

        Assert.Equal(accepted, verdict.Accepted);
        if (!accepted)
        {
            Assert.StartsWith($"rejected: self-signature on primary key 0x{certificate.KeyId} uses SHA-1 and was made on 2024-01-01", verdict.Reasons[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Raised_minimum_rejects_a_key_the_floor_accepts()
    {
        var strict = new KeyPolicy(new KeyPolicyOptions { MinimumRsaBits = 3072 });

        var verdict = strict.Evaluate(KeyFixtures.Certificate("rsa2048.asc"), DateTime.UtcNow);

        Assert.Equal(
            [
                "rejected: primary key 0x26D708425C9D70E1 is RSA 2048 bits; the minimum is 3072",
                "rejected: encryption subkey 0x1401FD8D64EE471D is RSA 2048 bits; the minimum is 3072",
            ],
            verdict.Reasons);
    }

    [Theory]
    [InlineData("RSA", 2048)]
    [InlineData("ElGamal", 4096)]
    [InlineData("DSA", 2048)]
    public void Minimum_below_its_floor_is_refused_and_the_error_names_the_floor(string algorithm, int floor)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => algorithm switch
        {
            "RSA" => new KeyPolicyOptions { MinimumRsaBits = floor - 1 },
            "ElGamal" => new KeyPolicyOptions { MinimumElGamalBits = floor - 1 },
            _ => new KeyPolicyOptions { MinimumDsaBits = floor - 1 },
        });

        Assert.Contains($"{algorithm} minimum", e.Message, StringComparison.Ordinal);
        Assert.Contains($"floor of {floor} bits", e.Message, StringComparison.Ordinal);
    }
}
