// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Mta;

/// <summary>
/// Debian's Postfix, run as a private instance (<c>postfix -c DIR start</c>): its own configuration, queue and data
/// directories under <c>ROOT/postfix</c>, an smtpd on a free loopback port, no chroot, its log in a file
/// (<c>maillog_file</c>, so no syslog is needed), every address of example.org handed to Lockbox over the given LMTP
/// transport (<c>lmtp:unix:</c> or <c>lmtp:inet:</c>), and every other destination refused by the <c>error</c>
/// transport, so nothing leaves the host.
/// Must run as root (the master starts as root and drops to the <c>postfix</c> user, as in production).
/// </summary>
internal sealed class PostfixInstance : IAsyncDisposable
{
    const string Domain = "example.org";

    PostfixInstance(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    /// <summary>The instance's root: etc/ (main.cf, master.cf), queue/, data/ and maillog.</summary>
    public string Directory { get; }

    /// <summary>The loopback port of its smtpd.</summary>
    public int Port { get; }

    public string ConfigDirectory => Path.Combine(Directory, "etc");

    public string MaillogPath => Path.Combine(Directory, "maillog");

    /// <summary>Postfix's log so far.</summary>
    public string Maillog => File.Exists(MaillogPath) ? File.ReadAllText(MaillogPath) : "";

    /// <summary>True when the postfix package is installed (the commands this class runs).</summary>
    public static bool Installed => File.Exists("/usr/sbin/postfix") && File.Exists("/usr/sbin/postconf") && File.Exists("/etc/postfix/master.cf");

    /// <summary>
    /// Writes the configuration under <paramref name="root"/>/postfix and starts the instance. <paramref name="transport"/>
    /// is the <c>virtual_transport</c>; <paramref name="mainCf"/> adds lines to main.cf.
    /// </summary>
    public static async Task<PostfixInstance> StartAsync(string root, string transport, string mainCf = "")
    {
        var directory = Path.Combine(root, "postfix");
        var etc = Path.Combine(directory, "etc");
        System.IO.Directory.CreateDirectory(etc);
        // data_directory is left for postfix-script to create: it must belong to the postfix user (master.lock).
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "queue"));
        var port = FreePort();
        File.WriteAllText(Path.Combine(etc, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {directory}/queue
            data_directory = {directory}/data
            maillog_file = {directory}/maillog
            maillog_file_prefixes = {directory}
            inet_interfaces = loopback-only
            inet_protocols = ipv4
            myhostname = mta.example.net
            mydestination =
            alias_maps =
            alias_database =
            smtpd_peername_lookup = no
            virtual_mailbox_domains = {Domain}
            virtual_transport = {transport}
            lmtp_destination_recipient_limit = 50
            recipient_delimiter = +
            smtpd_reject_unlisted_recipient = no
            default_transport = error:this test instance delivers nowhere else
            relay_transport = error:this test instance delivers nowhere else
            {mainCf}

            """);
        File.Copy("/etc/postfix/master.cf", Path.Combine(etc, "master.cf"));
        // No chroot (the socket path lies outside the queue directory), and smtpd on the free port instead of 25.
        await PostconfAsync(etc, "-F", "*/*/chroot = n");
        await PostconfAsync(etc, "-M#", "smtp/inet");
        var service = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}");
        await PostconfAsync(etc, "-Me", $"{service}/inet = {service} inet n - n - - smtpd");
        var instance = new PostfixInstance(directory, port);
        (await ExternalProcess.RunAsync("/usr/sbin/postfix", ["-c", etc, "start"])).EnsureSuccess();
        return instance;
    }

    /// <summary>Waits up to <paramref name="seconds"/> for a maillog line containing every one of <paramref name="parts"/>.</summary>
    public async Task<string> WaitForLogLineAsync(int seconds, params string[] parts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var line = Maillog.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no maillog line with {string.Join(" and ", parts)} within {seconds} s:\n{Maillog}");
    }

    /// <summary>Sets main.cf parameters (<c>postconf -e</c>, "name = value" each) and reloads the running instance.</summary>
    public async Task ReconfigureAsync(params string[] settings)
    {
        await PostconfAsync(ConfigDirectory, ["-e", .. settings]);
        (await ExternalProcess.RunAsync("/usr/sbin/postfix", ["-c", ConfigDirectory, "reload"])).EnsureSuccess();
    }

    /// <summary><c>postqueue -f</c>: retry every deferred message now, forgetting that a destination was down.</summary>
    public async Task FlushAsync() =>
        (await ExternalProcess.RunAsync("/usr/sbin/postqueue", ["-c", ConfigDirectory, "-f"])).EnsureSuccess();

    public async ValueTask DisposeAsync() =>
        (await ExternalProcess.RunAsync("/usr/sbin/postfix", ["-c", ConfigDirectory, "stop"])).EnsureSuccess();

    static async Task PostconfAsync(string etc, params string[] arguments) =>
        (await ExternalProcess.RunAsync("/usr/sbin/postconf", ["-c", etc, .. arguments])).EnsureSuccess();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
