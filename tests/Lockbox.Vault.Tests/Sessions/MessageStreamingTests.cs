// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>
/// IMailSession.OpenMessageAsync streams plaintext as the decryptor releases it (issue 4: never buffer a
/// whole large message), and still never releases a byte the MDC did not verify (docs/decisions/0003).
/// </summary>
public sealed class MessageStreamingTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";
    const string Trace = "Return-Path: <bob@example.net>\r\nDelivered-To: alice@example.org\r\n";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_above_16_MiB_streams_back_exactly_through_the_verify_and_release_passes()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var message = Large(17 << 20);
        await DeliverAsync(vault, message);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var info = Assert.Single(await session.ListMessagesAsync("INBOX", Ct));

        await using var stream = await session.OpenMessageAsync("INBOX", info.Uid, Ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[100_000];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        var expected = Encoding.ASCII.GetBytes(Trace).Concat(message).ToArray();
        Assert.Equal(expected.Length, total);
        Assert.Equal((await session.GetMetadataAsync("INBOX", [info.Uid], Ct))[info.Uid].Size, total);
        Assert.Equal(SHA256.HashData(expected), hash.GetHashAndReset());
    }

    [Theory]
    [InlineData(4 << 10)]
    [InlineData(17 << 20)]
    public async Task A_tampered_message_releases_no_byte_and_fails_the_first_read(int size)
    {
        await using var vault = await VaultFixture.CreateAsync();
        await DeliverAsync(vault, Large(size));
        await FlipByteInTheMiddleOfTheBlobAsync(vault);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var info = Assert.Single(await session.ListMessagesAsync("INBOX", Ct));

        await using var stream = await session.OpenMessageAsync("INBOX", info.Uid, Ct);
        long released = 0;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var buffer = new byte[65536];
            int read;
            while ((read = await stream.ReadAsync(buffer, Ct)) > 0)
            {
                released += read;
            }
        });

        Assert.Equal(0, released);
    }

    [Fact]
    public async Task Disposing_a_half_read_stream_stops_the_decryption()
    {
        await using var vault = await VaultFixture.CreateAsync();
        // Larger than the pipe holds, so the decryption is waiting for the reader when the reader leaves.
        await DeliverAsync(vault, Large(3 << 20));
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var info = Assert.Single(await session.ListMessagesAsync("INBOX", Ct));

        var stream = await session.OpenMessageAsync("INBOX", info.Uid, Ct);
        var first = new byte[Trace.Length];
        await stream.ReadExactlyAsync(first, Ct);
        var dispose = stream.DisposeAsync().AsTask();

        Assert.Equal(Trace, Encoding.ASCII.GetString(first));
        Assert.Same(dispose, await Task.WhenAny(dispose, Task.Delay(TimeSpan.FromSeconds(30), Ct)));
    }

    static byte[] Large(int size)
    {
        var text = new StringBuilder("From: bob@example.net\r\nSubject: large\r\n\r\n", size + 100);
        var line = 0;
        while (text.Length < size)
        {
            text.Append(line++.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append(' ', 66).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    static async Task DeliverAsync(VaultFixture vault, byte[] message)
    {
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var results = await vault.Get<IDeliveryService>().DeliverAsync(new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(message), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    static async Task FlipByteInTheMiddleOfTheBlobAsync(VaultFixture vault)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var inbox = (await store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var record = Assert.Single(await store.ListMessagesAsync(inbox.Id, Ct));
        await vault.TamperWithBlobAsync(record.BlobId);
    }
}
