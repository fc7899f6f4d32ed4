// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Delivery;

public sealed class DeliveryFunnelTests
{
    const string Password = "pw";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_recipient_gets_its_own_result_in_order()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await accounts.CreateUserAsync("bob@example.org", Password, encrypt: false, Ct);

        var results = await DeliverAsync(vault, "Subject: x\r\n\r\ny\r\n", "bob+lists@example.org", "gone@example.org", "Alice@Example.org");

        Assert.Equal([DeliveryStatus.Stored, DeliveryStatus.PermanentFailure, DeliveryStatus.Stored], results.Select(r => r.Status));
        Assert.Equal(["bob+lists@example.org", "gone@example.org", "Alice@Example.org"], results.Select(r => r.Recipient));
    }

    [Fact]
    public async Task Encrypted_user_gets_openpgp_and_cleartext_user_gets_the_message()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await accounts.CreateUserAsync("bob@example.org", Password, encrypt: false, Ct);

        await DeliverAsync(vault, "Subject: canary-7f3a\r\n\r\nbody\r\n", "alice@example.org", "bob@example.org");

        var alice = Assert.Single(await MessagesAsync(vault, "alice@example.org"));
        var bob = Assert.Single(await MessagesAsync(vault, "bob@example.org"));
        Assert.True(alice.IsEncrypted);
        Assert.False(bob.IsEncrypted);
        Assert.DoesNotContain("canary-7f3a", await BlobTextAsync(vault, alice), StringComparison.Ordinal);
        Assert.Contains("canary-7f3a", await BlobTextAsync(vault, bob), StringComparison.Ordinal);
        Assert.DoesNotContain("canary-7f3a", Encoding.Latin1.GetString(alice.Metadata), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_that_looks_encrypted_is_encrypted_again()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        const string Fake = "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=b\r\n\r\n--b\r\n\r\n-----BEGIN PGP MESSAGE-----\r\nnot really\r\n--b--\r\n";

        await DeliverAsync(vault, Fake, "alice@example.org");

        var stored = Assert.Single(await MessagesAsync(vault, "alice@example.org"));
        Assert.True(stored.IsEncrypted);
        Assert.DoesNotContain("BEGIN PGP MESSAGE", await BlobTextAsync(vault, stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_public_key_fails_closed_with_nothing_stored()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await CorruptPublicKeyAsync(vault, "alice@example.org");

        var result = Assert.Single(await DeliverAsync(vault, "Subject: never in clear\r\n\r\nsecret\r\n", "alice@example.org"));

        Assert.Equal(DeliveryStatus.TemporaryFailure, result.Status);
        Assert.Empty(await MessagesAsync(vault, "alice@example.org"));
        Assert.Empty(await vault.BlobIdsAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(vault.Directory, "data", "blobs", "tmp")));
    }

    [Fact]
    public async Task Failing_message_stream_stores_nothing_for_anyone()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await vault.Get<AccountService>().CreateUserAsync("bob@example.org", Password, encrypt: false, Ct);

        await Assert.ThrowsAsync<EndOfStreamException>(() => vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest(["alice@example.org", "bob@example.org"], "x@example.net"), new FailingStream(), Ct));

        Assert.Empty(await vault.BlobIdsAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(vault.Directory, "data", "blobs", "tmp")));
    }

    static async Task<IReadOnlyList<DeliveryResult>> DeliverAsync(VaultFixture vault, string message, params string[] recipients) =>
        await vault.Get<IDeliveryService>().DeliverAsync(new DeliveryRequest(recipients, "x@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);

    static async Task<IReadOnlyList<MessageRecord>> MessagesAsync(VaultFixture vault, string address)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(address, Ct))!;
        return await store.ListMessagesAsync((await store.FindMailboxAsync(user.Id, "INBOX", Ct))!.Id, Ct);
    }

    static async Task<string> BlobTextAsync(VaultFixture vault, MessageRecord message)
    {
        await using var blob = await vault.Get<MessageBlobs>().OpenReadAsync(message.BlobId, Ct);
        using var copy = new MemoryStream();
        await blob.CopyToAsync(copy, Ct);
        return Encoding.Latin1.GetString(copy.ToArray());
    }

    static async Task CorruptPublicKeyAsync(VaultFixture vault, string address)
    {
        var path = Path.Combine(vault.Directory, "data", "lockbox.db");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE user_keys SET public_key = x'99000102' WHERE user_id = (SELECT id FROM users WHERE address = $a);";
        command.Parameters.AddWithValue("$a", address);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    /// <summary>A client that sends a few bytes and vanishes.</summary>
    sealed class FailingStream : Stream
    {
        bool _sent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent)
            {
                throw new EndOfStreamException("the client vanished");
            }

            _sent = true;
            "Subject: half"u8.CopyTo(buffer.Span);
            return ValueTask.FromResult(13);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
