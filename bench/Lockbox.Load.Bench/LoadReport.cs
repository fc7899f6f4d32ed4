// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;

namespace Lockbox.Load.Bench;

/// <summary>What a <see cref="LoadRun"/> measured. It passes when <see cref="Errors"/> is empty and nothing is lost or doubled.</summary>
public sealed record LoadReport
{
    public required LoadOptions Options { get; init; }

    public required int Users { get; init; }

    /// <summary>From the first LOGIN to the last SELECT of the login phase.</summary>
    public required TimeSpan LoginPhase { get; init; }

    /// <summary>The measured phase: from its start until the last connection finished its last command.</summary>
    public required TimeSpan Measured { get; init; }

    /// <summary>How long LMTP delivered after the seed (login phase and measured phase).</summary>
    public required TimeSpan LmtpTime { get; init; }

    /// <summary>Messages acknowledged during <see cref="LmtpTime"/>.</summary>
    public required long LmtpDelivered { get; init; }

    public required IReadOnlyList<LatencySummary> Latencies { get; init; }

    public required long StartRssKiB { get; init; }

    public required long PeakRssKiB { get; init; }

    public required long EndRssKiB { get; init; }

    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>Every message acknowledged with 250, the seed included.</summary>
    public required long Acknowledged { get; init; }

    public required int Lost { get; init; }

    public required int Duplicates { get; init; }

    /// <summary>EXISTS responses received during IDLE, over all connections.</summary>
    public required int IdleNotifications { get; init; }

    /// <summary>No error, nothing lost or stored twice, and IDLE heard of new mail.</summary>
    public bool Passed => Errors.Count == 0 && Lost == 0 && Duplicates == 0 && IdleNotifications > 0;

    /// <summary>The figures as Markdown: the command table, then memory, LMTP and the verdict.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"{Options.ImapConnections} IMAP connections over {Users} encrypted users, {Options.LmtpConnections} LMTP connections ")
            .Append(c, $"(target {Options.LmtpRate:F0} messages/s), think time 0-{Options.ThinkTime.TotalMilliseconds * 2:F0} ms; ")
            .Append(c, $"login phase {LoginPhase.TotalSeconds:F1} s, measured phase {Measured.TotalSeconds:F1} s.\n\n");
        text.Append("| command | count | per second | p50 | p99 |\n|---|---:|---:|---:|---:|\n");
        foreach (var row in Latencies)
        {
            var rate = row.Kind switch
            {
                CommandKinds.Lmtp => row.Count / LmtpTime.TotalSeconds,
                CommandKinds.LoginUnlock or CommandKinds.LoginCached or CommandKinds.LoginAtOnce or CommandKinds.Select => double.NaN,
                _ => row.Count / Measured.TotalSeconds,
            };
            text.Append(c, $"| {row.Kind} | {row.Count} | {(double.IsNaN(rate) ? "-" : rate.ToString("F1", c))} | {row.P50Ms:F1} ms | {row.P99Ms:F1} ms |\n");
        }

        var imapRate = Latencies.Where(l => l.Kind is not (CommandKinds.LoginUnlock or CommandKinds.LoginCached or CommandKinds.LoginAtOnce or CommandKinds.Select or CommandKinds.Lmtp))
            .Sum(l => l.Count) / Measured.TotalSeconds;
        text.Append(c, $"\nIMAP commands of the mix: {imapRate:F1}/s. LMTP: {LmtpDelivered} messages in {LmtpTime.TotalSeconds:F1} s = {LmtpDelivered / LmtpTime.TotalSeconds:F1}/s.\n");
        text.Append(c, $"Server VmRSS: {StartRssKiB / 1024.0:F0} MiB at the start, peak {PeakRssKiB / 1024.0:F0} MiB, end {EndRssKiB / 1024.0:F0} MiB.\n");
        text.Append(c, $"Errors: {Errors.Count}. Acknowledged over LMTP: {Acknowledged}, lost: {Lost}, stored twice: {Duplicates}. ")
            .Append(c, $"EXISTS seen during IDLE: {IdleNotifications}.\n");
        foreach (var error in Errors.Take(20))
        {
            text.Append(c, $"- {error}\n");
        }

        return text.ToString();
    }
}
