// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 3 acceptance, crash safety: kill -9 the server while four connections deliver, over and
/// over on the same data directory. A 250 is a promise (RFC 2033 section 4.2: the message is
/// stored for that recipient), so every acknowledged message must come back exactly once and
/// decrypt with gpg; and the startup check must leave neither temp files nor blobs without rows.
/// </summary>
public sealed partial class CrashSafetyTests
{
    const int Cycles = 20;
    const int Connections = 4;
    const string Password = "crash test password";
    static readonly string[] Recipients = ["alice@crash.example", "bob@crash.example"];

    readonly ITestOutputHelper _output;

    public CrashSafetyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Every_acknowledged_message_survives_kill_9_exactly_once_and_no_leftover_remains()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        using var work = new TempDirectory();
        var data = work.Combine("data");
        foreach (var recipient in Recipients)
        {
            (await LockboxCli.RunAsync(Password + "\n", "user", "add", recipient, "--data", data, "--password-stdin", "--encrypt")).EnsureSuccess();
        }

        var seed = Environment.TickCount;
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var sent = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var acknowledged = new ConcurrentBag<(string Recipient, string MessageId)>();
        var inspector = new StoreInspector(data);
        var halfWritten = 0;
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            halfWritten += inspector.TempFiles().Count;
            await using var server = await LockboxServer.StartAsync(data);
            var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clients = Enumerable.Range(0, Connections)
                .Select(c => DeliverUntilTheServerDiesAsync(server.Lmtp, $"c{cycle:D2}.{c}", sent, acknowledged, warm))
                .ToArray();
            // A fresh process spends its first second in the JIT: the kill clock starts at the first 250 of
            // the cycle, so the kill lands in steady-state delivery rather than always in the first message.
            await warm.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await Task.Delay(random.Next(200, 801), cancellationToken);
            await server.CrashAsync();
            // A dead server closes every socket at once; a client still waiting after this is a hang, which fails the test.
            await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        }

        var tempBefore = inspector.TempFiles().Count;
        halfWritten += tempBefore;
        var orphansBefore = inspector.StoredBlobs().Except(inspector.MessageRows().Select(r => r.BlobId)).Count();
        _output.WriteLine($"{Cycles} crashes in {clock.Elapsed.TotalSeconds:F1} s: {sent.Count} messages sent, {acknowledged.Count} recipient copies acknowledged; " +
            $"{halfWritten} half-written blobs found over all restarts; left by the last crash: {tempBefore} temp files, {orphansBefore} unindexed blobs");
        Assert.True(acknowledged.Count >= Cycles, $"only {acknowledged.Count} deliveries were acknowledged: the test did not exercise crashes under load");
        // Control: the kills did land mid-delivery, so the startup check had something to clear.
        Assert.True(halfWritten > 0, "no crash left a half-written blob: the kills missed the deliveries");

        // The restart runs the startup check; then a clean stop, so nothing writes while we look.
        await using (var final = await LockboxServer.StartAsync(data))
        {
            await final.StopAsync();
        }

        Assert.Empty(inspector.TempFiles());
        var rows = inspector.MessageRows();
        var blobs = inspector.StoredBlobs();
        Assert.Equal(rows.Count, rows.Select(r => r.BlobId).Distinct().Count());
        Assert.Empty(blobs.Except(rows.Select(r => r.BlobId)));
        Assert.Empty(rows.Select(r => r.BlobId).Except(blobs));

        using var gpg = new GpgHome();
        foreach (var recipient in Recipients)
        {
            var key = (await LockboxCli.RunAsync(Password + "\n", "key", "export", recipient, "--data", data, "--secret", "--password-stdin")).EnsureSuccess();
            await gpg.ImportAsync(key.Stdout, Password);
        }

        foreach (var recipient in Recipients)
        {
            var stored = await ExportAndDecryptAsync(gpg, data, work.Combine("export-" + recipient), recipient);
            Assert.Equal(rows.Count(r => r.Address == recipient), stored.Count);
            foreach (var (messageId, copies) in stored)
            {
                Assert.True(sent.TryGetValue(messageId, out var original), $"{recipient} holds {messageId}, which was never sent");
                Assert.Single(copies);
                Assert.EndsWith(original, copies[0], StringComparison.Ordinal);
                Assert.StartsWith("Return-Path: ", copies[0], StringComparison.Ordinal);
            }

            var lost = acknowledged.Where(a => a.Recipient == recipient && !stored.ContainsKey(a.MessageId)).Select(a => a.MessageId).ToList();
            Assert.True(lost.Count == 0, $"{recipient}: {lost.Count} acknowledged messages are missing, e.g. {string.Join(", ", lost.Take(5))}");
        }

        _output.WriteLine($"verified in {clock.Elapsed.TotalSeconds:F1} s: {rows.Count} stored copies, all decrypt");
    }

    /// <summary>One connection delivering small messages back to back until the server is killed under it.</summary>
    static async Task DeliverUntilTheServerDiesAsync(
        IPEndPoint endPoint,
        string prefix,
        ConcurrentDictionary<string, string> sent,
        ConcurrentBag<(string, string)> acknowledged,
        TaskCompletionSource firstAcknowledgement)
    {
        try
        {
            await using var connection = await RawLmtpClient.ConnectAndGreetAsync(endPoint);
            for (var sequence = 0; ; sequence++)
            {
                var messageId = $"<{prefix}.{sequence}@crash.example>";
                // Every other message outgrows the inline limit (64 KiB): both kinds of blob are in flight when the kill lands
                // (a file written through blobs/tmp, or bytes committed with the row; docs/decisions/0036).
                var message = Message(messageId, sequence % 2 == 0 ? 500 : 100_000);
                sent[messageId] = message;
                await connection.SendAsync("sender@crash.example", Recipients, Encoding.ASCII.GetBytes(message), (recipient, reply) =>
                {
                    if (reply.Code == 250)
                    {
                        acknowledged.Add((recipient, messageId));
                        firstAcknowledgement.TrySetResult();
                    }
                });
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The kill: replies that arrived before it were recorded, the rest were never promised.
        }
    }

    static string Message(string messageId, int filler) =>
        $"From: Sender <sender@crash.example>\r\nTo: alice@crash.example, bob@crash.example\r\nSubject: crash {messageId}\r\n" +
        $"Message-ID: {messageId}\r\nDate: Thu, 01 Jan 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
        $"Body of {messageId}.\r\n.A line that needs dot-stuffing.\r\n{string.Join("\r\n", Enumerable.Repeat(new string('x', 500), filler / 500))}\r\n";

    /// <summary>`lockbox export`, then gpg alone: Message-ID to every decrypted copy that carries it.</summary>
    static async Task<Dictionary<string, List<string>>> ExportAndDecryptAsync(GpgHome gpg, string data, string output, string recipient)
    {
        (await LockboxCli.RunAsync((string?)null, "export", recipient, "--data", data, "--out", output)).EnsureSuccess();
        var encrypted = Directory.GetFiles(output, "*.eml.pgp");
        Assert.Equal(encrypted.Length + 1, (await File.ReadAllLinesAsync(Path.Combine(output, "index.tsv"))).Length);
        Assert.Empty(Directory.GetFiles(output, "*.eml"));
        var result = await gpg.DecryptFilesAsync(Password, encrypted);
        Assert.True(result.ExitCode == 0, "gpg --decrypt-files failed: " + result.Stderr);
        var byId = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in encrypted)
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file[..^".pgp".Length]));
            var id = MessageIdHeader().Match(text);
            Assert.True(id.Success, $"{file} decrypts to a message without Message-ID");
            if (!byId.TryGetValue(id.Groups[1].Value, out var copies))
            {
                byId[id.Groups[1].Value] = copies = [];
            }

            copies.Add(text);
        }

        return byId;
    }

    [GeneratedRegex(@"^Message-ID: (<[^>\r\n]+>)\r?$", RegexOptions.Multiline)]
    private static partial Regex MessageIdHeader();
}
