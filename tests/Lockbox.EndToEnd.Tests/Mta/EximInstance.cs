// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Mta;

/// <summary>
/// Debian's Exim 4, run with a private configuration (<c>exim4 -C FILE</c>): its own spool and log files under
/// <c>ROOT/exim</c>, every address of example.org routed to Lockbox by the <c>lmtp</c> transport over its Unix socket (the
/// usual Exim set-up in front of an LMTP store), and every other address, bounces included, dropped, so nothing leaves the
/// host. There is no daemon: each submission is delivered in the foreground (<c>-odf</c>), and a queue run retries what
/// was deferred. The binary is <c>LOCKBOX_TEST_EXIM</c> (scripts/test.sh unpacks Debian's package there) or /usr/sbin/exim4.
/// Runs as root: Exim keeps root for a <c>-C</c> configuration only when root calls it.
/// </summary>
internal sealed class EximInstance
{
    const string Domain = "example.org";

    EximInstance(string binary, string directory)
    {
        Binary = binary;
        Directory = directory;
    }

    public string Binary { get; }

    /// <summary>The instance's root: exim.conf, spool/ and log/.</summary>
    public string Directory { get; }

    string ConfigPath => Path.Combine(Directory, "exim.conf");

    string MainlogPath => Path.Combine(Directory, "log", "mainlog");

    /// <summary>Exim's main log so far: a line per arrival (<c>&lt;=</c>), delivery (<c>=&gt;</c>), deferral (<c>==</c>) and failure (<c>**</c>).</summary>
    public string Mainlog => File.Exists(MainlogPath) ? File.ReadAllText(MainlogPath) : "";

    /// <summary>The exim4 binary to run, or null when there is none.</summary>
    public static string? FindBinary() =>
        Environment.GetEnvironmentVariable("LOCKBOX_TEST_EXIM") is { Length: > 0 } configured && File.Exists(configured) ? configured
        : File.Exists("/usr/sbin/exim4") ? "/usr/sbin/exim4"
        : null;

    /// <summary>Exim's <c>lmtp</c> transport on Lockbox's Unix socket, as docs/exim.md configures it.</summary>
    public static string UnixSocketTransport(string lmtpSocket) => $"""
        driver = lmtp
        socket = {lmtpSocket}
        batch_max = 50
        """;

    /// <summary>
    /// Writes the configuration under <paramref name="root"/>/exim, with <paramref name="transport"/> as the options of the
    /// transport <c>lockbox_lmtp</c> that the router sends example.org to.
    /// </summary>
    public static async Task<EximInstance> CreateAsync(string binary, string root, string transport)
    {
        var directory = Path.Combine(root, "exim");
        foreach (var part in (string[])["spool", "log"])
        {
            // Exim writes its spool and log as its own user (Debian-exim) as well as root.
            var path = Path.Combine(directory, part);
            System.IO.Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("777", 8));
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "exim.conf"), $"""
            exim_path = {binary}
            primary_hostname = mta.example.net
            qualify_domain = example.net
            spool_directory = {directory}/spool
            log_file_path = {directory}/log/%slog
            keep_environment =

            begin routers
            lockbox:
              driver = accept
              domains = {Domain}
              transport = lockbox_lmtp
            elsewhere:
              driver = redirect
              data = :blackhole:

            begin transports
            lockbox_lmtp:
            {Indent(transport)}

            begin retry
            * * F,1h,1m

            """);
        return new EximInstance(binary, directory);
    }

    static string Indent(string lines) => string.Join('\n', lines.Split('\n').Select(l => "  " + l));

    /// <summary>Submits <paramref name="message"/> from <paramref name="sender"/> and delivers it at once, in the foreground.</summary>
    public async Task SubmitAsync(string sender, string recipient, byte[] message)
    {
        var result = await ExternalProcess.RunAsync(
            Binary, ["-C", ConfigPath, "-odf", "-oi", "-f", sender, recipient], Encoding.ASCII.GetString(message));
        Assert.True(result.ExitCode == 0, $"exim4 -odf: {result.ExitCode} {result.Stdout} {result.Stderr}\n{Mainlog}");
    }

    /// <summary><c>exim4 -qff</c>: one queue run that retries every waiting message now, whatever its retry time.</summary>
    public async Task RunQueueAsync()
    {
        var result = await ExternalProcess.RunAsync(Binary, ["-C", ConfigPath, "-qff"]);
        Assert.True(result.ExitCode == 0, $"exim4 -qff: {result.ExitCode} {result.Stdout} {result.Stderr}");
    }

    /// <summary>The main log's line containing every one of <paramref name="parts"/>, waiting up to 30 s for it.</summary>
    public async Task<string> WaitForLogLineAsync(params string[] parts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (Mainlog.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal))) is { } line)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no Exim log line with {string.Join(" and ", parts)} within 30 s:\n{Mainlog}");
    }
}
