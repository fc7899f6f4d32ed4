// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>Delivers files with Python's smtplib.LMTP (Scripts/lmtp_send.py), one connection for all of them.</summary>
internal static class PythonLmtp
{
    /// <summary>
    /// Over TCP. Returns one result per file, in order. With <paramref name="startTlsCaFile"/>, the client runs STARTTLS
    /// first and verifies the server's certificate against that file.
    /// </summary>
    public static Task<IReadOnlyList<PythonDelivery>> SendAsync(
        IPEndPoint server, string sender, IReadOnlyList<string> recipients, IEnumerable<string> files, string? startTlsCaFile = null) =>
        RunAsync(server.Address.ToString(), server.Port.ToString(CultureInfo.InvariantCulture), sender, recipients, files, startTlsCaFile);

    /// <summary>Over a Unix socket: smtplib.LMTP takes a host that starts with "/" as a socket path.</summary>
    public static Task<IReadOnlyList<PythonDelivery>> SendAsync(string socketPath, string sender, IReadOnlyList<string> recipients, IEnumerable<string> files) =>
        RunAsync(socketPath, "0", sender, recipients, files);

    static async Task<IReadOnlyList<PythonDelivery>> RunAsync(
        string host, string port, string sender, IReadOnlyList<string> recipients, IEnumerable<string> files, string? startTlsCaFile = null)
    {
        var environment = startTlsCaFile is null ? null : new Dictionary<string, string> { ["LMTP_STARTTLS_CAFILE"] = startTlsCaFile };
        var result = await ExternalProcess.RunAsync(
            "python3", [ScriptPaths.LmtpSend, host, port, sender, string.Join(',', recipients), .. files], environment: environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"lmtp_send.py exited {result.ExitCode}: {result.Stderr}");
        }

        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];
    }

    static PythonDelivery Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var replies = root.GetProperty("replies").EnumerateObject()
            .ToDictionary(p => p.Name, p => (p.Value[0].GetInt32(), p.Value[1].GetString()!), StringComparer.Ordinal);
        return new PythonDelivery(root.GetProperty("file").GetString()!, replies, root.GetProperty("error").GetString());
    }
}
