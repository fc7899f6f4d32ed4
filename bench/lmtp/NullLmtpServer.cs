// SPDX-License-Identifier: MIT
// bench/lmtp/NullLmtpServer.cs - an LMTP server that stores nothing: the ceiling of the benchmark's own client.
//
//     dotnet run bench/lmtp/NullLmtpServer.cs -- PORT [BURN_US] &
//     python3 ../shared/bench/mailbench.py lmtp --port PORT --corpus CORPUS --rcpt any@null.test -c 4
//
// It answers every command at once and a message with one 250 after its final dot, so mailbench.py measures only
// itself (smtplib's line-ending fix-up and dot-stuffing, its threads under one interpreter lock) and the loopback: the
// most any server could show on this machine at that concurrency. With BURN_US it first spends that many microseconds
// of its own thread's CPU on each message, a server of that cost per delivery and no other: bench/lmtp/budget.sh runs
// it over a range of costs. docs/benchmarks.md, "LMTP delivery".
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

var burn = TimeSpan.FromMicroseconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0);
var listener = new TcpListener(IPAddress.Loopback, int.Parse(args[0], CultureInfo.InvariantCulture));
listener.Start();
while (true)
{
    var client = await listener.AcceptTcpClientAsync();
    _ = Task.Run(() => ServeAsync(client, burn));
}

// Spins until this thread has used `cost` of CPU time (CLOCK_THREAD_CPUTIME_ID), however often it is descheduled.
static void Burn(TimeSpan cost)
{
    var end = ThreadCpu() + cost;
    while (ThreadCpu() < end)
    {
        Thread.SpinWait(20);
    }
}

static TimeSpan ThreadCpu()
{
    const int ClockThreadCpuTimeId = 3;
    Native.ClockGetTime(ClockThreadCpuTimeId, out var now);
    return TimeSpan.FromTicks((now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100));
}

static async Task ServeAsync(TcpClient client, TimeSpan burn)
{
    using var connection = client;
    connection.NoDelay = true;
    var stream = connection.GetStream();
    var buffer = new byte[1 << 16];
    var length = 0;
    var inData = false;
    await stream.WriteAsync("220 null LMTP\r\n"u8.ToArray());
    while (true)
    {
        var read = await stream.ReadAsync(buffer.AsMemory(length));
        if (read == 0)
        {
            return;
        }

        length += read;
        while (true)
        {
            if (inData)
            {
                // The message ends at CRLF.CRLF; keep the last 4 bytes in case the marker straddles two reads.
                var end = buffer.AsSpan(0, length).IndexOf("\r\n.\r\n"u8);
                if (end < 0)
                {
                    var keep = Math.Min(length, 4);
                    buffer.AsSpan(length - keep, keep).CopyTo(buffer);
                    length = keep;
                    break;
                }

                Consume(end + 5);
                inData = false;
                if (burn > TimeSpan.Zero)
                {
                    Burn(burn);
                }

                await stream.WriteAsync("250 2.0.0 discarded\r\n"u8.ToArray());
                continue;
            }

            var newline = buffer.AsSpan(0, length).IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var verb = Encoding.ASCII.GetString(buffer, 0, Math.Min(4, newline)).ToUpperInvariant();
            Consume(newline + 1);
            var reply = verb switch
            {
                "LHLO" => "250-null\r\n250-PIPELINING\r\n250 8BITMIME\r\n",
                "DATA" => "354 go ahead\r\n",
                "QUIT" => "221 2.0.0 bye\r\n",
                _ => "250 2.0.0 ok\r\n",
            };
            inData = verb == "DATA";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply));
            if (verb == "QUIT")
            {
                return;
            }
        }
    }

    void Consume(int count)
    {
        buffer.AsSpan(count, length - count).CopyTo(buffer);
        length -= count;
    }
}

[StructLayout(LayoutKind.Sequential)]
struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}

static class Native
{
    [DllImport("libc", EntryPoint = "clock_gettime")]
    public static extern int ClockGetTime(int clock, out TimeSpec time);
}
