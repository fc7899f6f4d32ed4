// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Mta;

/// <summary>
/// Issue 8, "a real MTA in front": Debian's Postfix accepts mail over SMTP and hands it to the real
/// <c>lockbox serve</c> over <c>lmtp:unix:</c>, as docs/postfix.md configures it. The mail reads back over IMAP byte for
/// byte (with Postfix's Received header under Lockbox's trace headers), the encrypted user's canaries are nowhere in
/// the data directory or Lockbox's log, Lockbox's 550 5.1.1 makes Postfix bounce, and while Lockbox is down Postfix
/// defers and delivers once it is back; so it does for a full mailbox under Quota:Temporary.
/// </summary>
public sealed class PostfixDeliveryTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Unknown = "nobody@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postfix_delivers_through_the_Unix_socket_bounces_unknown_users_and_retries_while_Lockbox_is_down()
    {
        SkipUnlessPostfixCanRun();
        using var temp = new TempDirectory();
        // Postfix's delivery agents run as the postfix user: they must traverse to the socket.
        File.SetUnixFileMode(temp.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        // The production layout (docs/postfix.md): a directory only the postfix group may enter guards a socket anyone could write.
        var run = temp.Combine("run");
        Directory.CreateDirectory(run);
        (await ExternalProcess.RunAsync("chown", ["root:postfix", run])).EnsureSuccess();
        File.SetUnixFileMode(run, (UnixFileMode)Convert.ToInt32("750", 8));
        var socket = Path.Combine(run, "lmtp.sock");
        var environment = new Dictionary<string, string> { ["LOCKBOX__Lmtp__UnixSocketMode"] = "0666" };

        var secret = CanaryMessage.Create(Encrypted);
        var server = await LockboxServer.StartAsync(data, environment, "--lmtp-socket", socket);
        var logs = new StringBuilder();
        try
        {
            await using var postfix = await PostfixInstance.StartAsync(temp.Path, $"lmtp:unix:{socket}");
            var plain = CanaryMessage.Create(Cleartext);
            await SubmitAsync(temp, postfix, Encrypted, secret.Bytes);
            await SubmitAsync(temp, postfix, Cleartext, plain.Bytes);
            await SubmitAsync(temp, postfix, Unknown, CanaryMessage.Create(Unknown).Bytes);

            AssertStored(secret.Bytes, Encrypted, Assert.Single(await MtaInbox.WaitForAsync(server, Encrypted, Password, 1)));
            AssertStored(plain.Bytes, Cleartext, Assert.Single(await MtaInbox.WaitForAsync(server, Cleartext, Password, 1)));
            var bounced = await postfix.WaitForLogLineAsync(30, $"to=<{Unknown}>", "status=bounced");
            Assert.Contains("5.1.1", bounced, StringComparison.Ordinal);
            Assert.Contains(socket + "]", bounced, StringComparison.Ordinal);

            // Lockbox down: the connection fails, Postfix keeps the message (4xx semantics) and delivers it once Lockbox is back.
            Assert.Equal(0, await server.StopKeepingLogAsync(logs));
            var late = CanaryMessage.Create(Cleartext);
            await SubmitAsync(temp, postfix, Cleartext, late.Bytes);
            await postfix.WaitForLogLineAsync(30, $"to=<{Cleartext}>", "status=deferred");
            server = await LockboxServer.StartAsync(data, environment, "--lmtp-socket", socket);
            await postfix.FlushAsync();
            var both = await MtaInbox.WaitForAsync(server, Cleartext, Password, 2);
            AssertStored(late.Bytes, Cleartext, both[1]);
            await postfix.WaitForLogLineAsync(30, $"to=<{Cleartext}>", "status=sent");
        }
        finally
        {
            await server.StopKeepingLogAsync(logs);
        }

        var hits = LeakScanner.Scan(secret.Canaries, data, ("lockbox log", logs.ToString()));
        Assert.True(hits.Count == 0, LeakScanner.Describe(hits));
    }

    [Fact]
    public async Task Postfix_keeps_mail_queued_without_TLS_and_delivers_it_over_STARTTLS_when_Lockbox_requires_TLS()
    {
        SkipUnlessPostfixCanRun();
        await TlsOnlyLockbox.RunAsync(Encrypted, Password, async (temp, server, secret) =>
        {
            // A Postfix without the TLS setting: Lockbox's 451 keeps the message in its queue (docs/decisions/0040).
            await using var postfix = await PostfixInstance.StartAsync(temp.Path, $"lmtp:inet:{server.Lmtp}");
            await SubmitAsync(temp, postfix, Encrypted, secret.Bytes);
            var deferred = await postfix.WaitForLogLineAsync(30, $"to=<{Encrypted}>", "status=deferred");
            Assert.Contains("451 4.7.0 Must issue a STARTTLS command first", deferred, StringComparison.Ordinal);

            // docs/postfix.md, "LMTP over TCP": TLS mandatory on Postfix's side too, and logged; the queued message goes.
            await postfix.ReconfigureAsync("lmtp_tls_security_level = encrypt", "lmtp_tls_loglevel = 1");
            await postfix.FlushAsync();
            AssertStored(secret.Bytes, Encrypted, Assert.Single(await MtaInbox.WaitForAsync(server, Encrypted, Password, 1)));
            var tls = await postfix.WaitForLogLineAsync(30, "TLS connection established to 127.0.0.1[127.0.0.1]", $":{server.Lmtp.Port}:");
            Assert.Contains("TLSv1.", tls, StringComparison.Ordinal);
            await postfix.WaitForLogLineAsync(30, $"to=<{Encrypted}>", "status=sent");
        });
    }

    [Fact]
    public async Task Postfix_keeps_mail_for_a_full_mailbox_queued_under_temporary_quota_refusals_and_delivers_it_once_there_is_room()
    {
        SkipUnlessPostfixCanRun();
        using var temp = new TempDirectory();
        // Postfix's own directories lie under it, and its processes run as the postfix user.
        File.SetUnixFileMode(temp.Path, (UnixFileMode)Convert.ToInt32("755", 8));
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.QuotaAsync(data, Encrypted, "--limit", "1");
        var secret = CanaryMessage.Create(Encrypted);
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Quota__Temporary"] = "true" });
        await using var postfix = await PostfixInstance.StartAsync(temp.Path, $"lmtp:inet:{server.Lmtp}");

        // docs/decisions/0041: 452 4.2.2 keeps the message in Postfix's queue instead of bouncing it to its sender.
        await SubmitAsync(temp, postfix, Encrypted, secret.Bytes);
        var deferred = await postfix.WaitForLogLineAsync(30, $"to=<{Encrypted}>", "status=deferred");
        Assert.Contains("452 4.2.2", deferred, StringComparison.Ordinal);
        Assert.Contains("Mailbox is full", deferred, StringComparison.Ordinal);

        // The administrator makes room; Postfix's next attempt (a flush here) stores it.
        await LockboxVerbs.QuotaAsync(data, Encrypted, "--default");
        await postfix.FlushAsync();
        AssertStored(secret.Bytes, Encrypted, Assert.Single(await MtaInbox.WaitForAsync(server, Encrypted, Password, 1)));
        await postfix.WaitForLogLineAsync(30, $"to=<{Encrypted}>", "status=sent");
    }

    /// <summary>Postfix must be installed and the test root: its master starts as root (in CI, both always hold).</summary>
    static void SkipUnlessPostfixCanRun()
    {
        Assert.SkipUnless(PostfixInstance.Installed || Environment.GetEnvironmentVariable("CI") == "true", "postfix is not installed (apt-get install postfix)");
        Assert.SkipUnless(Environment.UserName == "root" || Environment.GetEnvironmentVariable("CI") == "true", "a Postfix instance is started as root");
    }

    static async Task SubmitAsync(TempDirectory temp, PostfixInstance postfix, string recipient, byte[] message)
    {
        var file = temp.Combine($"submit-{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(file, message, Ct);
        var result = await ExternalProcess.RunAsync("python3", [ScriptPaths.SmtpSend, "127.0.0.1", postfix.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Sender, recipient, file]);
        Assert.True(result.ExitCode == 0 && result.Stdout.Trim() == "{\"refused\": {}}", $"smtp_send.py: {result.ExitCode} {result.Stdout} {result.Stderr}");
    }

    /// <summary>Lockbox's trace headers, then Postfix's Received header, then the submitted bytes unchanged.</summary>
    static void AssertStored(byte[] submitted, string recipient, byte[] stored)
    {
        var received = MtaInbox.AssertStored(submitted, Sender, recipient, "from client.example.net (", stored);
        Assert.Contains("by mta.example.net (Postfix) with ESMTP id", received, StringComparison.Ordinal);
        Assert.Contains($"for <{recipient}>;", received, StringComparison.Ordinal);
    }
}
