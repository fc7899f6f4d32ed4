// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// packaging/lockbox.service, checked by systemd's own tools (this machine runs no systemd to start it under): the unit
/// verifies, its exposure score stays at the level its hardening reached, and <c>lockbox serve</c> delivers, unlocks,
/// decrypts and serves mail under the unit's exact system call filter, installed with libseccomp
/// (Scripts/seccomp_exec.py), so a filter that starved the runtime fails here and not on a production host.
/// </summary>
public sealed class SystemdUnitTests
{
    const string User = "alice@unit.example";
    const string Password = "systemd unit password";

    /// <summary>systemd-analyze's exposure, times ten, that the unit must not exceed: 1.5 since the system call filter (3.2 before).</summary>
    const int ExposureThreshold = 15;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_unit_verifies_with_systemd_analyze()
    {
        using var temp = new TempDirectory();
        // verify checks that ExecStart's program exists: point it at one that does (the test host).
        var unit = temp.Combine("lockbox.service");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(ScriptPaths.SystemdUnit, Ct)).Replace("/usr/local/bin/lockbox", Environment.ProcessPath, StringComparison.Ordinal), Ct);

        var result = await ExternalProcess.RunAsync("systemd-analyze", ["verify", unit]);

        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0 && result.Stdout.Length == 0, $"verify: {result}");
    }

    [Fact]
    public async Task The_units_exposure_stays_at_its_hardened_level()
    {
        var result = await ExternalProcess.RunAsync(
            "systemd-analyze", ["security", "--offline=true", "--no-pager", $"--threshold={ExposureThreshold.ToString(CultureInfo.InvariantCulture)}", ScriptPaths.SystemdUnit]);

        Assert.True(result.ExitCode == 0, $"exposure above {ExposureThreshold / 10.0}: {result.Stdout}{result.Stderr}");
    }

    [Fact]
    public async Task The_filter_is_an_allow_list_without_the_privileged_calls()
    {
        var allowed = (await RunFilterAsync(["--list"])).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.InRange(allowed.Length, 200, 500);
        Assert.All(["mount", "ptrace", "reboot", "chroot", "setuid", "init_module", "kexec_load"], call => Assert.DoesNotContain(call, allowed));
        // What Lockbox itself relies on: mlock for unlocked keys, prctl for dumpability (docs/decisions/0032).
        Assert.All(["mlock", "prctl", "fsync", "rename", "epoll_wait"], call => Assert.Contains(call, allowed));
    }

    [Fact]
    public async Task Serve_delivers_unlocks_and_serves_mail_under_the_units_system_call_filter()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: true);
        var message = CanaryMessage.Create(User);

        await using var server = await LockboxServer.StartAsync(
            ["/usr/bin/python3", ScriptPaths.SeccompExec, ScriptPaths.SystemdUnit, "--"], data, LockboxCli.NoEnvironment);
        // The control: the server process runs under a seccomp filter, with no way to gain privileges.
        var status = await File.ReadAllTextAsync($"/proc/{server.ProcessId}/status", Ct);
        Assert.Contains("Seccomp:\t2", status, StringComparison.Ordinal);
        Assert.Contains("NoNewPrivs:\t1", status, StringComparison.Ordinal);

        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("sender@example.net", [User], message.Bytes)).Code);
        }

        using (var imap = new ImapClient())
        {
            var endpoint = server.Listeners["imap"];
            await imap.ConnectAsync(endpoint.Address.ToString(), endpoint.Port, SecureSocketOptions.None, Ct);
            await imap.AuthenticateAsync(User, Password, Ct);
            await imap.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
            await using var fetched = await imap.Inbox.GetStreamAsync(0, "", Ct);
            using var bytes = new MemoryStream();
            await fetched.CopyToAsync(bytes, Ct);
            Assert.Null(ByteAssert.Difference(StoredForm.Of(message.Bytes, "sender@example.net", User), bytes.ToArray()));
            await imap.DisconnectAsync(quit: true, Ct);
        }

        using (var http = WebmailHttp.Browser(server))
        using (var login = await WebmailHttp.PostLoginAsync(http, User, Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        Assert.Equal(0, await server.StopAsync());
        // A refused call that the server survives is logged as a warning (an mlock refused, say): none may appear.
        Assert.DoesNotContain("warn: ", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("fail: ", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("not permitted", server.Log, StringComparison.OrdinalIgnoreCase);
    }

    static async Task<CliResult> RunFilterAsync(IEnumerable<string> arguments)
    {
        var result = await ExternalProcess.RunAsync("/usr/bin/python3", [ScriptPaths.SeccompExec, ScriptPaths.SystemdUnit, .. arguments]);
        Assert.True(result.ExitCode == 0, $"seccomp_exec.py: {result}");
        return result;
    }
}
