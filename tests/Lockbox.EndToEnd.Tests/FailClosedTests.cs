// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 3, "fail closed" and "a client that vanishes mid-DATA": when encryption cannot happen the
/// LMTP answer is 4xx and nothing of the message reaches the disk; when the client disappears in
/// the middle of DATA nothing is stored and no temp file stays behind.
/// </summary>
public sealed class FailClosedTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    public static TheoryData<string> Damages => ["garbage", "truncated", "broken signature"];

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task A_damaged_public_key_gets_451_and_nothing_of_the_message_is_stored(string damage)
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        var database = new StoreInspector(data);
        // Before the server ever starts, so no parsed certificate can be cached from before the damage.
        database.DamagePublicKeys(Encrypted, key => Damage(key, damage));
        var message = CanaryMessage.Create(Encrypted);

        await using var server = await LockboxServer.StartAsync(data);
        await using (var client = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            var reply = Assert.Single(await client.SendAsync(Sender, [Encrypted], message.Bytes));
            Assert.True(reply.Code == 451, reply.ToString());
            Assert.StartsWith("4.3.0 ", reply.Text, StringComparison.Ordinal);
        }

        await server.StopAsync();
        await AssertNothingStoredAsync(database, message, server, data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_that_vanishes_mid_DATA_leaves_nothing_behind(bool reset)
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        var database = new StoreInspector(data);
        // 1 MB of body after the canaries, so the server is well into writing both copies when half is sent.
        var message = CanaryMessage.Create(Encrypted, bodyPaddingBytes: 1 << 20);

        await using var server = await LockboxServer.StartAsync(data);
        var client = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp);
        Assert.Equal(250, (await client.CommandAsync($"MAIL FROM:<{Sender}>")).Code);
        Assert.Equal(250, (await client.CommandAsync($"RCPT TO:<{Encrypted}>")).Code);
        Assert.Equal(250, (await client.CommandAsync($"RCPT TO:<{Cleartext}>")).Code);
        await client.BeginDataAsync();
        var stuffed = RawLmtpClient.DotStuff(message.Bytes);
        await client.WriteAsync(stuffed.AsMemory(0, stuffed.Length / 2));
        await Task.Delay(200, TestContext.Current.CancellationToken); // let the server read and write some of it before the connection goes
        client.Vanish(reset);
        await client.DisposeAsync();

        await WaitUntilAsync(() => database.TempFiles().Count == 0);
        await AssertServerStillDeliversAsync(server.Lmtp);
        await server.StopAsync();
        await AssertNothingStoredAsync(database, message, server, data, expectedRows: 1);
        // A vanished client is the client's problem, not a server failure: nothing at error level (console "fail:").
        Assert.DoesNotContain("fail: ", server.Log, StringComparison.Ordinal);
    }

    /// <summary>The damaged copy of a stored public key (a binary OpenPGP certificate).</summary>
    static byte[] Damage(byte[] key, string damage) => damage switch
    {
        "garbage" => [.. Enumerable.Range(0, key.Length).Select(i => (byte)(i * 37 + 11))],
        "truncated" => key[..(key.Length / 2)],
        // The last byte belongs to the encryption subkey's binding signature (RFC 9580 section 5.2.1):
        // the certificate still parses, but the subkey is no longer bound to the primary key.
        "broken signature" => [.. key[..^1], (byte)(key[^1] ^ 0x01)],
        _ => throw new ArgumentOutOfRangeException(nameof(damage)),
    };

    /// <summary>No row, no blob, no temp file, and no canary in any file under the data directory or in the log.</summary>
    static async Task AssertNothingStoredAsync(StoreInspector database, CanaryMessage message, LockboxServer server, string data, long expectedRows = 0)
    {
        Assert.Equal(expectedRows, database.CountRows("messages"));
        Assert.Equal((int)expectedRows, database.StoredBlobs().Count);
        Assert.Empty(database.TempFiles());
        var hits = LeakScanner.Scan(message.Canaries, data, ("server log", server.Log));
        Assert.True(hits.Count == 0, "found on disk:\n" + LeakScanner.Describe(hits));
    }

    /// <summary>The server survived: a new connection delivers a small message to the cleartext user.</summary>
    static async Task AssertServerStillDeliversAsync(IPEndPoint lmtp)
    {
        await using var client = await RawLmtpClient.ConnectAndGreetAsync(lmtp);
        var replies = await client.SendAsync(Sender, [Cleartext], "Subject: after\r\n\r\nstill here\r\n"u8.ToArray());
        Assert.Equal(250, Assert.Single(replies).Code);
    }

    static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the server to clean up");
            await Task.Delay(50);
        }
    }
}
