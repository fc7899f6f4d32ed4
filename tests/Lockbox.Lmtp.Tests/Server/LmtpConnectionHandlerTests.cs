// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using System.Text;
using Lockbox.Lmtp.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lockbox.Lmtp.Tests.Server;

/// <summary>
/// The handler on in-memory pipes, for what a real socket cannot make deterministic: which of
/// "the connection closed" and "the read failed" the handler sees first, and how many writes its replies take.
/// </summary>
public sealed class LmtpConnectionHandlerTests
{
    [Fact]
    public async Task A_connection_reset_mid_DATA_is_a_vanished_client_not_a_logged_failure()
    {
        var input = new Pipe();
        var output = new Pipe();
        var connection = new DefaultConnectionContext("reset-test") { Transport = new DuplexPipe(input.Reader, output.Writer) };
        var logger = new RecordingLogger();
        var delivery = new RecordingDeliveryService();
        var handler = new LmtpConnectionHandler(delivery, Options.Create(new LmtpOptions { HostName = "lockbox.test" }), TestCertificate.Shared, logger, new Lifetime());
        var running = handler.OnConnectedAsync(connection);

        await input.Writer.WriteAsync("LHLO client\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<u@example.org>\r\nDATA\r\nSubject: partial\r\n"u8.ToArray(), Ct);
        await ReadUntilAsync(output.Reader, "354 ");
        // What Kestrel's socket transport does when the peer sends an RST.
        await input.Writer.CompleteAsync(new ConnectionResetException("Connection reset by peer"));
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Empty(delivery.Delivered);
        Assert.DoesNotContain(logger.Levels, level => level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_pipelined_group_is_answered_in_one_write_and_each_lone_command_at_once()
    {
        var input = new Pipe();
        var output = new Pipe();
        var writer = new FlushCountingWriter(output.Writer);
        var connection = new DefaultConnectionContext("pipelining-test") { Transport = new DuplexPipe(input.Reader, writer) };
        var delivery = new RecordingDeliveryService();
        var handler = new LmtpConnectionHandler(delivery, Options.Create(new LmtpOptions { HostName = "lockbox.test" }), TestCertificate.Shared, new RecordingLogger(), new Lifetime());
        var running = handler.OnConnectedAsync(connection);
        await input.Writer.WriteAsync("LHLO client\r\n"u8.ToArray(), Ct);
        await ReadUntilAsync(output.Reader, "250 SIZE");
        var flushes = writer.Flushes;

        // RFC 2920 section 3.1: the client sends MAIL, its RCPTs and DATA in one write and reads the replies together.
        await input.Writer.WriteAsync(
            "MAIL FROM:<a@example.net>\r\nRCPT TO:<u@example.org>\r\nRCPT TO:<nobody@example.net>\r\nRCPT TO:<v@example.org>\r\nDATA\r\n"u8.ToArray(), Ct);
        var group = await ReadUntilAsync(output.Reader, "354 ");

        Assert.Equal(flushes + 1, writer.Flushes);
        Assert.Equal(["250", "250", "550", "250", "354"], group.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l[..3]));

        // RFC 2033 section 4.2: a reply per accepted recipient after the message, sent together.
        await input.Writer.WriteAsync("Subject: pipelined\r\n\r\nbody\r\n.\r\n"u8.ToArray(), Ct);
        var stored = await ReadUntilAsync(output.Reader, "v@example.org");
        Assert.Equal(flushes + 2, writer.Flushes);
        Assert.Equal(2, stored.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("250 ", StringComparison.Ordinal)));

        // A command with nothing after it is answered at once, or the client would wait forever.
        await input.Writer.WriteAsync("RSET\r\n"u8.ToArray(), Ct);
        await ReadUntilAsync(output.Reader, "250 ");
        await input.Writer.WriteAsync("QUIT\r\n"u8.ToArray(), Ct);
        await ReadUntilAsync(output.Reader, "221 ");
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Single(delivery.Delivered);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What arrived up to and including the first chunk that holds <paramref name="marker"/>.</summary>
    static async Task<string> ReadUntilAsync(PipeReader reader, string marker)
    {
        var seen = new StringBuilder();
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var result = await reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
            seen.Append(Encoding.ASCII.GetString(result.Buffer));
            reader.AdvanceTo(result.Buffer.End);
        }

        return seen.ToString();
    }

    /// <summary>The connection's output, counting the flushes: each is one send on a socket.</summary>
    sealed class FlushCountingWriter(PipeWriter inner) : PipeWriter
    {
        public int Flushes { get; private set; }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Flushes++;
            return inner.FlushAsync(cancellationToken);
        }

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);
    }

    sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }

    sealed class RecordingLogger : ILogger<LmtpConnectionHandler>
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Levels)
            {
                Levels.Add(logLevel);
            }
        }
    }
}
