// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs Scripts/imap_session.py (Python's imaplib): login, list, create, append (to the folder and to Sent),
/// select, fetch (items, sections, a partial), store a keyword, search, copy, move, expunge, IDLE woken by
/// an LMTP delivery of the same message, rename, delete, logout. The password goes in on stdin.
/// </summary>
internal static class PythonImapSession
{
    /// <summary><paramref name="subjectWord"/> and <paramref name="bodyWord"/> are what SEARCH SUBJECT and SEARCH BODY look for.</summary>
    public static async Task<JsonDocument> RunAsync(
        LockboxServer server, string address, string password, string folder, string messageFile, string subjectWord, string bodyWord)
    {
        var imap = server.Listeners["imap"];
        var result = await ExternalProcess.RunAsync(
            "python3",
            [ScriptPaths.ImapSession, imap.Address.ToString(), Port(imap), Port(server.Lmtp), address, folder, messageFile, subjectWord, bodyWord],
            stdin: password + "\n");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"imap_session.py exited {result.ExitCode}: {result.Stdout} {result.Stderr}");
        }

        return JsonDocument.Parse(result.Stdout);
    }

    static string Port(IPEndPoint endPoint) => endPoint.Port.ToString(CultureInfo.InvariantCulture);
}
