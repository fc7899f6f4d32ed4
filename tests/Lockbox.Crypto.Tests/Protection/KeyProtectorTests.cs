// SPDX-License-Identifier: MIT
using Lockbox.Crypto;
using System.Buffers.Binary;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;

namespace Lockbox.Crypto.Tests.Protection;

public sealed class KeyProtectorTests
{
    const string Password = "correct horse battery staple";

    // One key and envelope for the whole class: each Argon2 run costs about a quarter of a second.
    static readonly UnlockedKey Key = KeyGenerator.Generate("alice@example.org");
    static readonly byte[] Envelope = KeyProtector.Protect(Key, Password, Argon2Settings.Default);

    [Fact]
    public void Protected_key_unlocks_with_its_password_to_the_same_usable_key()
    {
        using var unlocked = KeyProtector.Unlock(Envelope, Password);

        Assert.Equal(Key.Certificate.Fingerprint, unlocked.Certificate.Fingerprint);
        var encryptionKey = Assert.Single(unlocked.Certificate.EncryptionKeys);
        Assert.NotNull(unlocked.FindPrivateKey(encryptionKey.KeyId));
        Assert.NotNull(unlocked.FindPrivateKey(unlocked.Ring.GetPublicKey().KeyId));
    }

    [Fact]
    public void Envelope_starts_with_the_version_1_header_and_hides_the_ring()
    {
        var ring = Key.ToUnprotectedBinary();

        Assert.Equal("LBXK"u8.ToArray(), Envelope[..4]);
        Assert.Equal(1, Envelope[4]);
        Assert.Equal(65536u, BinaryPrimitives.ReadUInt32BigEndian(Envelope.AsSpan(5)));
        Assert.Equal((3, 4), (Envelope[9], Envelope[10]));
        Assert.Equal(KeyEnvelope.HeaderLength + ring.Length + KeyEnvelope.TagLength, Envelope.Length);
        Assert.False(Envelope.AsSpan(KeyEnvelope.HeaderLength).StartsWith(ring.AsSpan(0, 16)));
    }

    [Fact]
    public void Wrong_password_fails_with_its_own_error()
    {
        Assert.Throws<WrongPasswordException>(() => KeyProtector.Unlock(Envelope, "correct horse battery stapler"));
    }

    [Theory]
    [InlineData(0)] // magic
    [InlineData(4)] // version
    [InlineData(5)] // memory, high octet: 16 GiB is past the ceiling
    [InlineData(28)] // nonce
    [InlineData(KeyEnvelope.HeaderLength + 20)] // ciphertext
    [InlineData(-1)] // tag
    public void Altered_envelope_is_refused_as_damaged(int position)
    {
        var damaged = Flip(Envelope, position);

        Assert.Throws<ProtectedKeyFormatException>(() => KeyProtector.Unlock(damaged, Password));
    }

    [Theory]
    [InlineData(12)] // salt
    [InlineData(40)] // password check
    public void Altered_key_derivation_input_reads_as_a_wrong_password_never_as_a_key(int position)
    {
        // The salt and check feed the password test itself; a change there is indistinguishable from a
        // wrong password (docs/decisions/0002). What matters is that no key comes out.
        Assert.Throws<WrongPasswordException>(() => KeyProtector.Unlock(Flip(Envelope, position), Password));
    }

    [Fact]
    public void Truncated_envelope_is_refused()
    {
        Assert.Throws<ProtectedKeyFormatException>(() => KeyProtector.Unlock(Envelope.AsSpan(0, 60), Password));
    }

    [Fact]
    public void Header_asking_for_4_GiB_is_refused_before_any_work()
    {
        var greedy = (byte[])Envelope.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(greedy.AsSpan(5), 4u * 1024 * 1024);

        var error = Assert.Throws<ProtectedKeyFormatException>(() => KeyProtector.Unlock(greedy, Password));
        Assert.Contains("memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_password_opens_the_key_and_the_old_one_no_longer_does()
    {
        var changed = KeyProtector.ChangePassword(Envelope, Password, "new password", Argon2Settings.Default);

        Assert.Throws<WrongPasswordException>(() => KeyProtector.Unlock(changed, Password));
        using var unlocked = KeyProtector.Unlock(changed, "new password");
        Assert.Equal(Key.Certificate.Fingerprint, unlocked.Certificate.Fingerprint);
        Assert.NotEqual(Envelope.AsSpan(11, 16).ToArray(), changed.AsSpan(11, 16).ToArray());
    }

    [Fact]
    public void Changing_the_password_needs_the_old_one()
    {
        Assert.Throws<WrongPasswordException>(
            () => KeyProtector.ChangePassword(Envelope, "guess", "new password", Argon2Settings.Default));
    }

    [Fact]
    public void Envelope_made_with_higher_settings_unlocks_from_its_header()
    {
        var stronger = KeyProtector.Protect(Key, Password, new Argon2Settings(65 * 1024, 3, 5));

        using var unlocked = KeyProtector.Unlock(stronger, Password);

        Assert.Equal((65u * 1024, 3, 5), (BinaryPrimitives.ReadUInt32BigEndian(stronger.AsSpan(5)), stronger[9], stronger[10]));
        Assert.Equal(Key.Certificate.Fingerprint, unlocked.Certificate.Fingerprint);
    }

    [Fact]
    public void Password_typed_decomposed_unlocks_a_key_protected_with_it_composed()
    {
        var envelope = KeyProtector.Protect(Key, "caf\u00E9", Argon2Settings.Default);

        using var unlocked = KeyProtector.Unlock(envelope, "cafe\u0301");

        Assert.Equal(Key.Certificate.Fingerprint, unlocked.Certificate.Fingerprint);
    }

    [Fact]
    public void Empty_password_is_refused_for_protection()
    {
        Assert.Throws<ArgumentException>(() => KeyProtector.Protect(Key, "", Argon2Settings.Default));
    }

    [Fact]
    public void Password_with_an_unpaired_surrogate_is_refused()
    {
        Assert.Throws<ArgumentException>(() => KeyProtector.Protect(Key, "pass\uD800word", Argon2Settings.Default));
    }

    static byte[] Flip(byte[] envelope, int position)
    {
        var copy = (byte[])envelope.Clone();
        copy[position < 0 ? copy.Length + position : position] ^= 0x01;
        return copy;
    }
}
