// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs Scripts/imap_session.py (Python's imaplib): login, list, create, append (to the folder and to Sent),
/// select, fetch, rename, delete, logout. The password goes in on stdin.
/// </summary>
internal static class PythonImapSession
{
    public static async Task<JsonDocument> RunAsync(IPEndPoint server, string address, string password, string folder, string messageFile)
    {
        var result = await ExternalProcess.RunAsync(
            "python3",
            [ScriptPaths.ImapSession, server.Address.ToString(), server.Port.ToString(CultureInfo.InvariantCulture), address, folder, messageFile],
            stdin: password + "\n");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"imap_session.py exited {result.ExitCode}: {result.Stdout} {result.Stderr}");
        }

        return JsonDocument.Parse(result.Stdout);
    }
}
