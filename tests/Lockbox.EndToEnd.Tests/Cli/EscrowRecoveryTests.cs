// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lockbox.Cli;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, acceptance "Escrow", through the real executable: the master key as 3-of-5 shares, consent, export,
/// offline recovery with shares 2, 4 and 5, restore, the one-time password refused by IMAP until a new password
/// is set, and the old mail read with the new one; opt-out leaves no copy on disk (docs/decisions/0019).
/// </summary>
public sealed partial class EscrowRecoveryTests
{
    const string Address = "carol@example.org";
    const string Password = "carol forgot this";
    const string NewPassword = "carol remembers this one";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_consenting_user_gets_every_key_back_from_three_of_five_shares_and_reads_the_old_mail_after_setting_a_new_password()
    {
        using var data = new CliDataDirectory();
        var master = data.Scratch("master");
        CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", master, "--shares", "5", "--threshold", "3"));
        CliAssert.Succeeds(await RunAsync(data, "opt-in", null, "escrow", "install-master", Path.Combine(master, "master.pub.asc")));
        CliAssert.Succeeds(await RunAsync(data, "opt-in", Password + "\n", "user", "add", Address, "--password-stdin", "--encrypt"));
        // Mail under two keys: the recovery must bring back the whole key history, not only the active key.
        await data.DeliverAsync(Address, CliDataDirectory.Message("escrow-before-rotation"));
        CliAssert.Succeeds(await RunAsync(data, "opt-in", Password + "\n", "key", "rotate", Address, "--password-stdin"));
        await data.DeliverAsync(Address, CliDataDirectory.Message("escrow-after-rotation"));

        var consent = CliAssert.Succeeds(await RunAsync(data, "opt-in", Password + "\n", "escrow", "consent", Address, "--password-stdin")).Stdout;
        Assert.StartsWith("escrow v1: Your provider will keep a copy of your mailbox key", consent, StringComparison.Ordinal);
        Assert.EndsWith($"escrow copy made of 2 key(s) of {Address}\n", consent, StringComparison.Ordinal);

        await using var server = await LockboxServer.StartAsync(data.Path, Mode("opt-in"));
        var before = await ReadAllAsync(server, Password);
        Assert.Equal(2, before.Count);

        var request = data.Scratch("request.json");
        CliAssert.Succeeds(await RunAsync(data, "opt-in", null, "escrow", "export", Address, "--out", request));
        var response = data.Scratch("response.json");
        var twoShares = CliAssert.FailsWithOneLine(
            await LockboxCli.RunAsync((string?)null, "escrow", "recover", request, "--shares", Share(master, 2), Share(master, 4), "--out", response), ExitCodes.Rejected);
        Assert.Contains("cannot rebuild the master key", twoShares, StringComparison.Ordinal);
        Assert.False(File.Exists(response));
        var recovered = CliAssert.Succeeds(
            await LockboxCli.RunAsync((string?)null, "escrow", "recover", request, "--shares", Share(master, 2), Share(master, 4), Share(master, 5), "--out", response)).Stdout;
        var oneTimePassword = OneTimePassword().Match(recovered).Groups["password"].Value;
        Assert.NotEqual("", oneTimePassword);
        CliAssert.Succeeds(await RunAsync(data, "opt-in", null, "escrow", "restore", Address, response));

        Assert.Equal("a NO [ALERT] This mailbox was recovered from escrow: set a new password first (webmail, or ask your provider), then log in with it",
            await RawLoginAsync(server, oneTimePassword));
        Assert.Equal("a NO [AUTHENTICATIONFAILED] Authentication failed", await RawLoginAsync(server, "not the one-time password"));
        CliAssert.Succeeds(await RunAsync(data, "opt-in", $"{oneTimePassword}\n{NewPassword}\n", "user", "passwd", Address));
        var after = await ReadAllAsync(server, NewPassword);

        Assert.Equal(before, after);
        Assert.StartsWith("a NO", await RawLoginAsync(server, oneTimePassword), StringComparison.Ordinal);
        var audit = CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout;
        Assert.Matches(@"\tescrow-consent\tan administrator with the user's password agreed to escrow v1; 2 key\(s\) copied", audit);
        Assert.Matches(@"\tescrow-exported\trecovery request [0-9a-f]{32}: 2 escrow copy", audit);
        Assert.Matches(@"\tescrow-restored\trecovery request [0-9a-f]{32}: 2 key\(s\) installed under a one-time password", audit);
        Assert.Matches("^audit log holds", CliAssert.Succeeds(await data.RunAsync(null, "audit", "verify")).Stdout);
        // The same response cannot be installed twice, and a request is needed before a response is accepted.
        Assert.Contains("was restored already",
            CliAssert.FailsWithOneLine(await RunAsync(data, "opt-in", null, "escrow", "restore", Address, response), ExitCodes.Rejected), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_opt_out_the_escrow_copy_is_nowhere_in_the_data_directory_and_the_warning_is_recorded()
    {
        using var data = new CliDataDirectory();
        var master = data.Scratch("master");
        CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", master));
        CliAssert.Succeeds(await RunAsync(data, "opt-out", null, "escrow", "install-master", Path.Combine(master, "master.pub.asc")));
        // A running server keeps the database open, so the write-ahead log is not removed when a verb ends: the
        // copy's frames stay in lockbox.db-wal unless the opt-out empties it.
        await using var server = await LockboxServer.StartAsync(data.Path, Mode("opt-out"));
        // Opt-out mode: the key gets its copy at creation, without being asked.
        CliAssert.Succeeds(await RunAsync(data, "opt-out", Password + "\n", "user", "add", Address, "--password-stdin", "--encrypt"));
        var request = data.Scratch("request.json");
        CliAssert.Succeeds(await RunAsync(data, "opt-out", null, "escrow", "export", Address, "--out", request));
        var copy = CopyInRequest(await File.ReadAllBytesAsync(request, Ct));
        Assert.Contains(Path.Combine(data.Path, "lockbox.db-wal"), FilesHolding(data.Path, copy));

        var optOut = CliAssert.Succeeds(await RunAsync(data, "opt-out", Password + "\n", "escrow", "opt-out", Address, "--password-stdin")).Stdout;

        Assert.StartsWith("escrow-opt-out v1: Your provider will delete its escrow copy", optOut, StringComparison.Ordinal);
        Assert.EndsWith($"{Address} opted out of escrow: 1 escrow copy(ies) deleted\n", optOut, StringComparison.Ordinal);
        Assert.Empty(FilesHolding(data.Path, copy));
        Assert.Contains("opted out of escrow: no copy of their key exists",
            CliAssert.FailsWithOneLine(await RunAsync(data, "opt-out", null, "escrow", "export", Address, "--out", data.Scratch("again.json")), ExitCodes.Rejected),
            StringComparison.Ordinal);
        Assert.Matches(@"\tescrow-opt-out\tan administrator with the user's password was shown escrow-opt-out v1 and opted out; 1 escrow copy\(ies\) deleted",
            CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", Address)).Stdout);
    }

    [Fact]
    public async Task Mandatory_escrow_without_a_master_key_refuses_new_keys_and_never_lets_a_user_opt_out()
    {
        using var data = new CliDataDirectory();

        var refused = CliAssert.FailsWithOneLine(
            await RunAsync(data, "mandatory", Password + "\n", "user", "add", Address, "--password-stdin", "--encrypt"), ExitCodes.Rejected);
        Assert.Contains("Escrow:Mode is mandatory and no escrow master key is installed", refused, StringComparison.Ordinal);
        Assert.Equal("", CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);

        var master = data.Scratch("master");
        CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", master));
        CliAssert.Succeeds(await RunAsync(data, "mandatory", null, "escrow", "install-master", Path.Combine(master, "master.pub.asc")));
        CliAssert.Succeeds(await RunAsync(data, "mandatory", Password + "\n", "user", "add", Address, "--password-stdin", "--encrypt"));
        var optOut = CliAssert.FailsWithOneLine(await RunAsync(data, "mandatory", Password + "\n", "escrow", "opt-out", Address, "--password-stdin"), ExitCodes.Rejected);

        Assert.Contains("cannot opt out", optOut, StringComparison.Ordinal);
        CliAssert.Succeeds(await RunAsync(data, "mandatory", null, "escrow", "export", Address, "--out", data.Scratch("request.json")));
    }

    static Dictionary<string, string> Mode(string mode) => new Dictionary<string, string> { ["LOCKBOX__Escrow__Mode"] = mode };

    static Task<CliResult> RunAsync(CliDataDirectory data, string mode, string? stdin, params string[] arguments) =>
        LockboxCli.RunAsync(stdin, Mode(mode), [.. arguments, "--data", data.Path]);

    static string Share(string directory, int k) => Path.Combine(directory, $"share-{k}-of-5.txt");

    /// <summary>The raw bytes of the request's (only) escrow copy, as the store keeps them.</summary>
    static byte[] CopyInRequest(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("keys")[0].GetProperty("data").GetBytesFromBase64();
    }

    /// <summary>Files under <paramref name="directory"/> (SQLite file, -wal, -shm, blobs, everything) holding any 32-byte piece of <paramref name="copy"/>.</summary>
    static List<string> FilesHolding(string directory, byte[] copy)
    {
        var pieces = Enumerable.Range(0, copy.Length / 32).Select(i => copy.AsMemory(i * 32, 32)).ToList();
        return [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var haystack = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            return pieces.Any(p => haystack.Span.IndexOf(p.Span) >= 0);
        })];
    }

    /// <summary>Every INBOX message, raw, as the server returns it.</summary>
    static async Task<List<string>> ReadAllAsync(LockboxServer server, string password)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(Address, password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        var messages = new List<string>();
        for (var i = 0; i < client.Inbox.Count; i++)
        {
            using var stream = await client.Inbox.GetStreamAsync(i, string.Empty, Ct);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            messages.Add(await reader.ReadToEndAsync(Ct));
        }

        await client.DisconnectAsync(true, Ct);
        return messages;
    }

    static Task<string> RawLoginAsync(LockboxServer server, string password) => RawImapClient.LoginReplyAsync(server, Address, password, Ct);

    [GeneratedRegex(@"^one-time password: (?<password>[A-Z0-9-]+)$", RegexOptions.Multiline)]
    private static partial Regex OneTimePassword();
}
