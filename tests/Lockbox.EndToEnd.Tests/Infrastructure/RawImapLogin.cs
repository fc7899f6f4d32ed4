// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>LOGIN on a raw connection to a running server, so the exact tagged reply (RFC 3501 section 7.1 response codes) is seen.</summary>
internal static class RawImapLogin
{
    /// <summary>Connects to the server's "imap" listener, sends <c>a LOGIN</c> and returns the tagged reply line.</summary>
    public static async Task<string> ReplyAsync(LockboxServer server, string address, string password, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Listeners["imap"], cancellationToken);
        using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
        await using var writer = new StreamWriter(tcp.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await reader.ReadLineAsync(cancellationToken);
        await writer.WriteLineAsync($"a LOGIN {address} \"{password}\"");
        string line;
        do
        {
            line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the server closed the connection");
        }
        while (line.StartsWith('*'));

        return line;
    }
}
