// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 8, item 3, <c>kill -9</c> during a password change and during an escrow restore (docs/decisions/0035; the
/// migration case is MigrateTests'). The real verbs run as child processes and are killed with SIGKILL at random moments
/// spread over their run; the user's key history (three keys, mail under each) makes a password change long enough
/// (two Argon2 runs per key) for most kills to land mid-way. After every kill the old or the new password opens the key, never
/// neither; an interrupted restore can be run again; and at the end the audit chain verifies and every
/// message decrypts over IMAP with the last password.
/// </summary>
public sealed partial class KillDuringKeyChangeTests(ITestOutputHelper output)
{
    const string User = "dana@fault.example";
    const int Rotations = 2;
    static readonly Dictionary<string, string> OptIn = new() { ["LOCKBOX__Escrow__Mode"] = "opt-in" };

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_password_change_killed_at_any_moment_leaves_the_old_or_the_new_password_working_never_neither()
    {
        var clock = Stopwatch.StartNew();
        using var work = new TempDirectory();
        var data = work.Combine("data");
        var tags = await SetUpAsync(data, "password-0", escrow: false);
        var random = Seeded();
        // Left alone once, to learn how long the verb runs; then killed at random moments over that span.
        var full = await KilledProcess.TimeAsync("password-0\npassword-1\n", OptIn, "user", "passwd", User, "--data", data);
        output.WriteLine($"setup and one whole password change: {clock.Elapsed.TotalSeconds:F1} s (the change {full.TotalSeconds:F1} s)");
        var current = 1;
        var killedMidway = 0;
        for (var cycle = 0; cycle < 3; cycle++)
        {
            // Halfway first, so one kill surely interrupts; then up to 10 % past the whole run's length, so now and then the
            // change commits before the kill.
            var after = full * (cycle == 0 ? 0.5 : 0.3 + 0.8 * random.NextDouble());
            var (killed, ran) = await KilledProcess.RunAndKillAsync($"password-{current}\npassword-{current + 1}\n", OptIn, after, "user", "passwd", User, "--data", data);
            var works = await WorkingPasswordAsync(data, $"password-{current}", $"password-{current + 1}");
            output.WriteLine($"cycle {cycle}: {(killed ? "killed" : "finished")} after {ran.TotalSeconds:F2} s; {works} opens the key");
            killedMidway += killed && works == $"password-{current}" ? 1 : 0;
            current = works == $"password-{current}" ? current : current + 1;
        }

        // Control: some kills landed before the commit (else the test never saw an interrupted change).
        Assert.True(killedMidway > 0, "no kill interrupted a password change");
        // One more change left alone re-protects every key of the history from the surviving password: all of them open with it.
        (await LockboxCli.RunAsync($"password-{current}\nfinal password\n", OptIn, "user", "passwd", User, "--data", data)).EnsureSuccess();
        await AssertConsistentAsync(data, "final password", tags);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task An_escrow_restore_killed_at_any_moment_can_be_run_again_and_the_recovered_mailbox_opens_with_the_new_password()
    {
        var clock = Stopwatch.StartNew();
        using var work = new TempDirectory();
        var data = work.Combine("data");
        var tags = await SetUpAsync(data, "forgotten password", escrow: true);
        var master = work.Combine("master");
        var request = work.Combine("request.json");
        var response = work.Combine("response.json");
        (await LockboxCli.RunAsync((string?)null, OptIn, "escrow", "export", User, "--out", request, "--data", data)).EnsureSuccess();
        var recovered = (await LockboxCli.RunAsync((string?)null, "escrow", "recover", request, "--master", Path.Combine(master, "master.sec.asc"), "--out", response)).EnsureSuccess();
        var oneTime = OneTimePassword().Match(recovered.Stdout).Groups["password"].Value;
        Assert.NotEqual("", oneTime);
        var random = Seeded();

        // The restore: killed at random moments of a typical verb's run, then run again to the end each time.
        var restoredAt = -1;
        for (var cycle = 0; cycle < 3; cycle++)
        {
            var (killed, ran) = await KilledProcess.RunAndKillAsync("", OptIn, TimeSpan.FromSeconds(0.15 + 0.5 * random.NextDouble()), "escrow", "restore", User, response, "--data", data);
            var works = await WorkingPasswordAsync(data, "forgotten password", oneTime);
            output.WriteLine($"restore {cycle}: {(killed ? "killed" : "finished")} after {ran.TotalSeconds:F2} s; {(works == oneTime ? "the one-time password" : "the old password")} opens the key");
            if (works == oneTime)
            {
                restoredAt = cycle;
                break;
            }
        }

        var again = await LockboxCli.RunAsync((string?)null, OptIn, "escrow", "restore", User, response, "--data", data);
        output.WriteLine($"restore run again: exit {again.ExitCode} {again.Stderr.Trim()}");
        if (restoredAt >= 0)
        {
            Assert.Contains("was restored already", again.Stderr, StringComparison.Ordinal);
        }
        else
        {
            again.EnsureSuccess();
        }

        Assert.Equal(oneTime, await WorkingPasswordAsync(data, "forgotten password", oneTime));

        // The password change the restore demands, killed too: the one-time password or the new one, never neither.
        var current = oneTime;
        for (var cycle = 0; cycle < 3 && current == oneTime; cycle++)
        {
            var (killed, ran) = await KilledProcess.RunAndKillAsync($"{oneTime}\nnew password\n", OptIn, TimeSpan.FromSeconds(0.8 + 2 * random.NextDouble()), "user", "passwd", User, "--data", data);
            current = await WorkingPasswordAsync(data, oneTime, "new password");
            output.WriteLine($"passwd after restore {cycle}: {(killed ? "killed" : "finished")} after {ran.TotalSeconds:F2} s; {(current == oneTime ? "the one-time password" : "the new password")} opens the key");
        }

        if (current == oneTime)
        {
            (await LockboxCli.RunAsync($"{oneTime}\nnew password\n", OptIn, "user", "passwd", User, "--data", data)).EnsureSuccess();
        }

        await AssertConsistentAsync(data, "new password", tags);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A user with four keys (three rotations) and a message under each; with <paramref name="escrow"/>, an escrow copy of all four.</summary>
    static async Task<List<string>> SetUpAsync(string data, string password, bool escrow)
    {
        var master = Path.Combine(Path.GetDirectoryName(data)!, "master");
        if (escrow)
        {
            (await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", master)).EnsureSuccess();
            (await LockboxCli.RunAsync((string?)null, OptIn, "escrow", "install-master", Path.Combine(master, "master.pub.asc"), "--data", data)).EnsureSuccess();
        }

        (await LockboxCli.RunAsync(password + "\n", OptIn, "user", "add", User, "--password-stdin", "--encrypt", "--data", data)).EnsureSuccess();
        var tags = new List<string>();
        for (var key = 0; key <= Rotations; key++)
        {
            if (key > 0)
            {
                (await LockboxCli.RunAsync(password + "\n", OptIn, "key", "rotate", User, "--password-stdin", "--data", data)).EnsureSuccess();
            }

            var tag = $"under-key-{key}";
            (await LockboxCli.RunAsync(FaultMail.Create(tag, User, 500), OptIn, "deliver", "--to", User, "--from", FaultMail.Sender, "--data", data)).EnsureSuccess();
            tags.Add(tag);
        }

        if (escrow)
        {
            (await LockboxCli.RunAsync(password + "\n", OptIn, "escrow", "consent", User, "--password-stdin", "--data", data)).EnsureSuccess();
        }

        return tags;
    }

    /// <summary>
    /// Which of the two passwords opens the secret key (<c>key export --secret</c>); fails if neither does. Not both: the
    /// newer is tried first, and the next change (or the last, left alone) proves every key of the history opens with it.
    /// </summary>
    static async Task<string> WorkingPasswordAsync(string data, string older, string newer)
    {
        foreach (var candidate in new[] { newer, older })
        {
            var export = await LockboxCli.RunAsync(candidate + "\n", OptIn, "key", "export", User, "--secret", "--password-stdin", "--data", data);
            if (export.ExitCode == 0)
            {
                return candidate;
            }
        }

        Assert.Fail("neither the old nor the new password opens the key");
        return "";
    }

    /// <summary>The audit chain verifies, and over IMAP every message decrypts with <paramref name="password"/>.</summary>
    static async Task AssertConsistentAsync(string data, string password, List<string> tags)
    {
        var audit = (await LockboxCli.RunAsync((string?)null, OptIn, "audit", "verify", "--data", data)).EnsureSuccess();
        Assert.StartsWith("audit log holds", audit.Stdout, StringComparison.Ordinal);
        await using var server = await LockboxServer.StartAsync(data, OptIn);
        using var client = new ImapClient();
        var imap = server.Listeners["imap"];
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(User, password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        var subjects = new List<string>();
        for (var i = 0; i < client.Inbox.Count; i++)
        {
            var message = await client.Inbox.GetMessageAsync(i, Ct);
            Assert.Contains("of a message that a fault must neither lose nor damage", message.TextBody, StringComparison.Ordinal);
            subjects.Add(message.Subject ?? "");
        }

        Assert.Equal(tags.Select(t => "fault " + t), subjects);
        await client.DisconnectAsync(quit: true, Ct);
        Assert.Equal(0, await server.StopAsync());
    }

    Random Seeded()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        return new Random(seed);
    }

    [GeneratedRegex("one-time password: (?<password>\\S+)")]
    private static partial Regex OneTimePassword();
}
