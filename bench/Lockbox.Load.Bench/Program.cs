// SPDX-License-Identifier: MIT
// The load test of issue 8 against a running `lockbox serve` (bench/load/run.sh does all of it; docs/decisions/0034):
//   dotnet Lockbox.Load.Bench.dll users --data DIR [--users 50]
//       creates the encrypted users load0@example.org ... before the server starts;
//   dotnet Lockbox.Load.Bench.dll run --imap 127.0.0.1:P --lmtp 127.0.0.1:P --pid PID [--users 50] [--connections 200]
//       [--seconds 60] [--lmtp-connections 4] [--lmtp-rate 50] [--seed 10] [--think-ms 100] [--login-all-at-once true]
//       runs the load (LoadRun), prints the report as Markdown, and exits 1 on any error or lost message.
using System.Globalization;
using System.Net;
using Lockbox.Load.Bench;

var verb = args.Length > 0 ? args[0] : "";
var named = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    named[args[i]] = args[i + 1];
}

int Int(string name, int fallback) => named.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string Required(string name) => named.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{verb} needs {name}");

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};

switch (verb)
{
    case "users":
        var created = await LoadUsers.CreateAsync(Required("--data"), Int("--users", 50), interrupt.Token);
        Console.Error.WriteLine($"created {created.Count} encrypted users");
        return 0;
    case "run":
        var defaults = new LoadOptions { Imap = IPEndPoint.Parse("127.0.0.1:0"), Lmtp = IPEndPoint.Parse("127.0.0.1:0"), ServerProcessId = 0 };
        var options = defaults with
        {
            Imap = IPEndPoint.Parse(Required("--imap")),
            Lmtp = IPEndPoint.Parse(Required("--lmtp")),
            ServerProcessId = Int("--pid", 0),
            ImapConnections = Int("--connections", defaults.ImapConnections),
            Duration = TimeSpan.FromSeconds(Int("--seconds", (int)defaults.Duration.TotalSeconds)),
            LmtpConnections = Int("--lmtp-connections", defaults.LmtpConnections),
            LmtpRate = named.TryGetValue("--lmtp-rate", out var rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : defaults.LmtpRate,
            SeedMessagesPerUser = Int("--seed", defaults.SeedMessagesPerUser),
            ThinkTime = TimeSpan.FromMilliseconds(Int("--think-ms", (int)defaults.ThinkTime.TotalMilliseconds)),
            LoginAllAtOnce = named.TryGetValue("--login-all-at-once", out var atOnce) && bool.Parse(atOnce),
        };
        var report = await new LoadRun(options, LoadUser.Range(Int("--users", 50))).RunAsync(Console.Error, interrupt.Token);
        Console.Write(report.ToMarkdown());
        return report.Passed ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: Lockbox.Load.Bench users --data DIR [--users N] | run --imap H:P --lmtp H:P --pid PID [options]");
        return 2;
}
