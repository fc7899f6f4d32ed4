// SPDX-License-Identifier: MIT
using System.Net;

namespace Lockbox.Load.Bench;

/// <summary>What a <see cref="LoadRun"/> drives and for how long. The defaults are issue 8's full run.</summary>
public sealed record LoadOptions
{
    /// <summary>The server's plain IMAP listener (LOGIN is allowed without TLS on loopback).</summary>
    public required IPEndPoint Imap { get; init; }

    /// <summary>The server's LMTP listener.</summary>
    public required IPEndPoint Lmtp { get; init; }

    /// <summary>The server's process id, whose VmRSS is sampled.</summary>
    public required int ServerProcessId { get; init; }

    /// <summary>Concurrent IMAP connections, spread over the users round robin.</summary>
    public int ImapConnections { get; init; } = 200;

    /// <summary>Length of the measured phase, after every connection has logged in and selected INBOX.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Concurrent LMTP connections, delivering from the login phase to the end of the measured phase.</summary>
    public int LmtpConnections { get; init; } = 4;

    /// <summary>
    /// LMTP messages per second over all connections, or 0 for as fast as the server answers. The default leaves the
    /// two cores to IMAP: at full speed LMTP alone takes about 200 messages/s (docs/benchmarks.md).
    /// </summary>
    public double LmtpRate { get; init; } = 50;

    /// <summary>Messages delivered to each user before anyone logs in, so FETCH and SEARCH have something to read.</summary>
    public int SeedMessagesPerUser { get; init; } = 10;

    /// <summary>Mean pause between two commands of one connection (uniform from 0 to twice this), as a client's user reads.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Every connection logs in at the same moment, as after a server restart, instead of one per user first and the
    /// others once the users' keys are unlocked (a client's first connection, then its extra ones).
    /// </summary>
    public bool LoginAllAtOnce { get; init; }

    /// <summary>Seed of the random choices, so two runs send the same mix.</summary>
    public int RandomSeed { get; init; } = 8;
}
