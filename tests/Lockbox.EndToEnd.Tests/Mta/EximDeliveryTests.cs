// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Mta;

/// <summary>
/// The other MTA the mission names: Debian's Exim 4 hands mail to the real <c>lockbox serve</c> with its <c>lmtp</c>
/// transport over the Unix socket. The mail reads back over IMAP byte for byte (Exim's Received header under Lockbox's
/// trace headers), the encrypted user's canaries are nowhere in the data directory or Lockbox's log, Lockbox's
/// 550 5.1.1 makes Exim fail the address, and while Lockbox is down Exim defers and delivers on its next queue run.
/// </summary>
public sealed class EximDeliveryTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Unknown = "nobody@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task Exim_delivers_through_the_Unix_socket_fails_unknown_users_and_retries_while_Lockbox_is_down()
    {
        var binary = EximBinaryOrSkip();
        using var temp = new TempDirectory();
        // Exim works as its own user (Debian-exim) too: it must traverse to its spool and log.
        File.SetUnixFileMode(temp.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        var socket = temp.Combine("lmtp.sock");
        // Exim's lmtp transport connects as the Exim user, not root (in production: a group that may write the socket).
        var environment = new Dictionary<string, string> { ["LOCKBOX__Lmtp__UnixSocketMode"] = "0666" };

        var secret = CanaryMessage.Create(Encrypted);
        var server = await LockboxServer.StartAsync(data, environment, "--lmtp-socket", socket);
        var logs = new StringBuilder();
        try
        {
            var exim = await EximInstance.CreateAsync(binary, temp.Path, EximInstance.UnixSocketTransport(socket));
            var plain = CanaryMessage.Create(Cleartext);
            await exim.SubmitAsync(Sender, Encrypted, secret.Bytes);
            await exim.SubmitAsync(Sender, Cleartext, plain.Bytes);
            await exim.SubmitAsync(Sender, Unknown, CanaryMessage.Create(Unknown).Bytes);

            Assert.Contains("C=\"250 2.0.0", await exim.WaitForLogLineAsync("=> ", Encrypted, "T=lockbox_lmtp"), StringComparison.Ordinal);
            AssertStored(secret.Bytes, Encrypted, Assert.Single(await MtaInbox.WaitForAsync(server, Encrypted, Password, 1)));
            AssertStored(plain.Bytes, Cleartext, Assert.Single(await MtaInbox.WaitForAsync(server, Cleartext, Password, 1)));
            Assert.Contains("550 5.1.1", await exim.WaitForLogLineAsync("** ", Unknown), StringComparison.Ordinal);

            // Lockbox down: the socket refuses, Exim keeps the message in its queue, and its next queue run delivers it.
            Assert.Equal(0, await server.StopKeepingLogAsync(logs));
            var late = CanaryMessage.Create(Cleartext);
            await exim.SubmitAsync(Sender, Cleartext, late.Bytes);
            await exim.WaitForLogLineAsync("== ", Cleartext, "defer");
            server = await LockboxServer.StartAsync(data, environment, "--lmtp-socket", socket);
            await exim.RunQueueAsync();
            var both = await MtaInbox.WaitForAsync(server, Cleartext, Password, 2);
            AssertStored(late.Bytes, Cleartext, both[1]);
        }
        finally
        {
            await server.StopKeepingLogAsync(logs);
        }

        var hits = LeakScanner.Scan(secret.Canaries, data, ("lockbox log", logs.ToString()));
        Assert.True(hits.Count == 0, LeakScanner.Describe(hits));
    }

    [Fact]
    public async Task Exim_delivers_over_LMTP_on_TCP_with_STARTTLS_when_Lockbox_requires_it()
    {
        var binary = EximBinaryOrSkip();
        await TlsOnlyLockbox.RunAsync(Encrypted, Password, async (temp, server, secret) =>
        {
            // docs/exim.md, "LMTP over TCP"; allow_localhost because this Lockbox listens on the test host itself.
            var exim = await EximInstance.CreateAsync(binary, temp.Path, $"""
                driver = smtp
                protocol = lmtp
                hosts = 127.0.0.1
                port = {server.Lmtp.Port}
                allow_localhost
                hosts_require_tls = *
                """);
            await exim.SubmitAsync(Sender, Encrypted, secret.Bytes);

            var delivered = await exim.WaitForLogLineAsync("=> ", Encrypted, "T=lockbox_lmtp");
            Assert.Contains("X=TLS1.", delivered, StringComparison.Ordinal);
            Assert.Contains("C=\"250 2.0.0", delivered, StringComparison.Ordinal);
            AssertStored(secret.Bytes, Encrypted, Assert.Single(await MtaInbox.WaitForAsync(server, Encrypted, Password, 1)));
        });
    }

    /// <summary>The exim4 binary; skips where there is none or the test is not root (Exim runs a -C configuration only for root). CI has both.</summary>
    static string EximBinaryOrSkip()
    {
        var binary = EximInstance.FindBinary();
        Assert.SkipUnless(binary is not null || Environment.GetEnvironmentVariable("CI") == "true", "no exim4 (scripts/test.sh unpacks Debian's package)");
        Assert.SkipUnless(Environment.UserName == "root" || Environment.GetEnvironmentVariable("CI") == "true", "Exim runs a -C configuration only for root");
        Assert.NotNull(binary);
        return binary;
    }

    /// <summary>Lockbox's trace headers, then Exim's Received header, then the submitted bytes unchanged.</summary>
    static void AssertStored(byte[] submitted, string recipient, byte[] stored) =>
        Assert.Contains($"for {recipient};", MtaInbox.AssertStored(submitted, Sender, recipient, "from root by mta.example.net with local (Exim 4.", stored), StringComparison.Ordinal);
}
