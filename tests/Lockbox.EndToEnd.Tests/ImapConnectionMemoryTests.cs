// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4's budget: under 200 KB per idle authenticated connection beyond the shared unlocked key,
/// measured as the serve process's resident set (VmRSS) before and after 200 logged-in IMAPS connections.
/// </summary>
public sealed class ImapConnectionMemoryTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";
    const int Connections = 200;

    [Fact]
    public async Task Idle_authenticated_IMAPS_connections_cost_under_200_KB_each()
    {
        var ct = TestContext.Current.CancellationToken;
        using var work = new TempDirectory();
        var data = work.Combine("data");
        await LockboxVerbs.AddUserAsync(data, Address, Password, encrypt: true);
        await using var server = await LockboxServer.StartAsync(data);
        var endPoint = server.Listeners["imaps"];
        using var generated = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            await File.ReadAllTextAsync(Path.Combine(data, "tls", "self-signed.crt"), ct));
        var fingerprint = generated.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var open = new List<(TcpClient Client, SslStream Stream)>();
        try
        {
            // Warm-up: the key is unlocked (and stays shared), TLS and the command path are JIT-compiled.
            open.Add(await LoggedInAsync(endPoint, fingerprint, "w", ct));
            await Task.Delay(1000, ct);
            var before = ResidentKiB(server.ProcessId);

            for (var i = 0; i < Connections; i++)
            {
                open.Add(await LoggedInAsync(endPoint, fingerprint, "c" + i.ToString(CultureInfo.InvariantCulture), ct));
            }

            await Task.Delay(2000, ct);
            var after = ResidentKiB(server.ProcessId);

            var perConnection = (after - before) / (double)Connections;
            TestContext.Current.TestOutputHelper?.WriteLine($"VmRSS {before} KiB -> {after} KiB: {perConnection:F1} KiB per idle authenticated IMAPS connection");
            Assert.True(perConnection < 200, $"{perConnection:F1} KiB per connection (VmRSS {before} -> {after} KiB)");
        }
        finally
        {
            foreach (var (client, stream) in open)
            {
                await stream.DisposeAsync();
                client.Dispose();
            }
        }
    }

    static async Task<(TcpClient, SslStream)> LoggedInAsync(IPEndPoint endPoint, string fingerprint, string tag, CancellationToken ct)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endPoint, ct);
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate?.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256) == fingerprint);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, ct);
        await ReadUntilAsync(ssl, "* OK", ct);
        await ssl.WriteAsync(Encoding.ASCII.GetBytes($"{tag} LOGIN {Address} \"{Password}\"\r\n"), ct);
        var reply = await ReadUntilAsync(ssl, tag + " ", ct);
        Assert.StartsWith(tag + " OK", reply, StringComparison.Ordinal);
        return (client, ssl);
    }

    static async Task<string> ReadUntilAsync(Stream stream, string prefix, CancellationToken ct)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, ct) == 1)
        {
            if (one[0] != '\n')
            {
                line.Append((char)one[0]);
                continue;
            }

            var text = line.ToString();
            line.Clear();
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return text;
            }
        }

        throw new IOException("connection closed");
    }

    static long ResidentKiB(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
