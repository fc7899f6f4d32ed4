// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Tests.Keys;

public sealed class KeyValidityTests
{
    static readonly DateTime Created = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeSeconds());

    [Fact]
    public void Revocation_that_does_not_verify_is_ignored_and_a_genuine_one_counts()
    {
        var alice = TestKeys.Generator(Created, HashAlgorithmTag.Sha256).GenerateSecretKeyRing();
        var bob = TestKeys.Generator(Created, HashAlgorithmTag.Sha256).GenerateSecretKeyRing();
        // Made by Alice's key (right issuer key ID) but over Bob's key: it does not verify on Alice's.
        var forged = Revocation(alice, bob.GetPublicKey());
        var genuine = Revocation(alice, alice.GetPublicKey());

        var withForged = WithPrimarySignature(alice, forged);
        var withGenuine = WithPrimarySignature(alice, genuine);

        Assert.False(KeyValidity.Primary(withForged, DateTime.UtcNow).Revoked);
        Assert.NotEmpty(KeyValidity.UsableEncryptionKeys(withForged, DateTime.UtcNow).Keys);
        Assert.True(KeyValidity.Primary(withGenuine, DateTime.UtcNow).Revoked);
        Assert.Empty(KeyValidity.UsableEncryptionKeys(withGenuine, DateTime.UtcNow).Keys);
    }

    [Fact]
    public void Revoked_only_user_id_leaves_the_primary_key_without_a_valid_self_signature()
    {
        var ring = TestKeys.Generator(Created, HashAlgorithmTag.Sha256).GenerateSecretKeyRing();
        var generator = new PgpSignatureGenerator(PublicKeyAlgorithmTag.EdDsa_Legacy, HashAlgorithmTag.Sha256);
        generator.InitSign(PgpSignature.CertificationRevocation, ring.GetSecretKey().ExtractPrivateKey(null));
        var revocation = generator.GenerateCertification("test@example.org", ring.GetPublicKey());
        var primary = PgpPublicKey.AddCertification(ring.GetPublicKey(), "test@example.org", revocation);
        var publicRing = PgpPublicKeyRing.InsertPublicKey(UnlockedKey.FromRing(ring).Certificate.Ring, primary);

        var verdict = new KeyPolicy().Evaluate(PublicCertificate.Parse(publicRing.GetEncoded()), DateTime.UtcNow);

        Assert.Equal([$"rejected: primary key 0x{primary.KeyId:X16} has no valid self-signature"], verdict.Reasons);
    }

    [Fact]
    public void Expired_binding_signature_does_not_bind_the_subkey()
    {
        var ring = TestKeys.Generator(Created, HashAlgorithmTag.Sha256, bindingLifetime: TimeSpan.FromHours(1)).GenerateSecretKeyRing();
        var certificate = UnlockedKey.FromRing(ring).Certificate;

        var verdict = new KeyPolicy().Evaluate(certificate, DateTime.UtcNow);

        Assert.Empty(certificate.EncryptionKeys);
        var subkey = certificate.Ring.GetPublicKeys().Skip(1).Single();
        Assert.Equal(
            [$"rejected: key 0x{certificate.KeyId} has no valid encryption-capable key (subkey 0x{subkey.KeyId:X16} has no valid binding signature)"],
            verdict.Reasons);
        Assert.True(new KeyPolicy().Evaluate(certificate, Created.AddMinutes(30)).Accepted);
    }

    static PgpSignature Revocation(PgpSecretKeyRing signer, PgpPublicKey revoked)
    {
        var generator = new PgpSignatureGenerator(PublicKeyAlgorithmTag.EdDsa_Legacy, HashAlgorithmTag.Sha256);
        generator.InitSign(PgpSignature.KeyRevocation, signer.GetSecretKey().ExtractPrivateKey(null));
        return generator.GenerateCertification(revoked);
    }

    static PgpPublicKeyRing WithPrimarySignature(PgpSecretKeyRing ring, PgpSignature signature)
    {
        var publicRing = UnlockedKey.FromRing(ring).Certificate.Ring;
        return PgpPublicKeyRing.InsertPublicKey(publicRing, PgpPublicKey.AddCertification(publicRing.GetPublicKey(), signature));
    }
}
