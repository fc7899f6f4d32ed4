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
/// "the connection closed" and "the read failed" the handler sees first.
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
        var handler = new LmtpConnectionHandler(delivery, Options.Create(new LmtpOptions { HostName = "lockbox.test" }), logger, new Lifetime());
        var running = handler.OnConnectedAsync(connection);

        await input.Writer.WriteAsync("LHLO client\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<u@example.org>\r\nDATA\r\nSubject: partial\r\n"u8.ToArray(), Ct);
        await ReadUntilAsync(output.Reader, "354 ");
        // What Kestrel's socket transport does when the peer sends an RST.
        await input.Writer.CompleteAsync(new ConnectionResetException("Connection reset by peer"));
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Empty(delivery.Delivered);
        Assert.DoesNotContain(logger.Levels, level => level >= LogLevel.Warning);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static async Task ReadUntilAsync(PipeReader reader, string marker)
    {
        var seen = new StringBuilder();
        while (!seen.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var result = await reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
            seen.Append(Encoding.ASCII.GetString(result.Buffer));
            reader.AdvanceTo(result.Buffer.End);
        }
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
