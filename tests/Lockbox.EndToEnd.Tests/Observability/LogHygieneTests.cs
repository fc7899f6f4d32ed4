// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Observability;

/// <summary>
/// Issue 8, items 5 and 6: <c>lockbox serve</c> at Debug level, driven through LMTP, IMAP (LOGIN, AUTHENTICATE PLAIN,
/// wrong passwords, FETCH) and the webmail, logs no password, no AUTHENTICATE payload, no subject and no body; and the
/// process said it is not dumpable. The log is written as JSON lines (<c>Logging:Console:FormatterName=json</c>).
/// </summary>
public sealed partial class LogHygieneTests
{
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_debug_level_log_of_a_whole_session_holds_no_password_payload_subject_or_body()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        var password = Canary("CANARYPW");
        var wrong = Canary("CANARYWRONG");
        await LockboxVerbs.AddUserAsync(data, Encrypted, password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, password, encrypt: false);
        var messages = new[] { CanaryMessage.Create(Encrypted), CanaryMessage.Create(Cleartext) };
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string>
        {
            ["LOCKBOX__Logging__LogLevel__Default"] = "Debug",
            ["LOCKBOX__Logging__Console__FormatterName"] = "json",
        });

        await using (var lmtp = await RawLmtpClient.ConnectAndGreetAsync(server.Lmtp))
        {
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("canary@example.net", [Encrypted], messages[0].Bytes)).Code);
            Assert.Equal(250, Assert.Single(await lmtp.SendAsync("canary@example.net", [Cleartext], messages[1].Bytes)).Code);
        }

        Assert.StartsWith("a NO", await RawImapClient.LoginReplyAsync(server, Encrypted, wrong, Ct), StringComparison.Ordinal);
        Assert.StartsWith("a OK", await RawImapClient.LoginReplyAsync(server, Cleartext, password, Ct), StringComparison.Ordinal);
        var plain = new[] { Plain(Encrypted, password), Plain(Cleartext, wrong) };
        var fetched = await AuthenticateAndFetchAsync(server.Listeners["imap"], plain[0]);
        Assert.Contains(messages[0].Canaries[1], fetched, StringComparison.Ordinal);
        Assert.DoesNotContain(" OK", (await AuthenticateAndFetchAsync(server.Listeners["imap"], plain[1])).Split('\n')[1], StringComparison.Ordinal);
        await WebLoginAsync(server.Listeners["web"], Encrypted, wrong, HttpStatusCode.Unauthorized);
        await WebLoginAsync(server.Listeners["web"], Encrypted, password, HttpStatusCode.Redirect);
        Assert.Equal(0, await server.StopAsync());

        var log = server.Log;
        string[] secrets = [password, wrong, .. plain, Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), .. messages.SelectMany(m => m.Canaries)];
        Assert.All(secrets, s => Assert.DoesNotContain(s, log, StringComparison.Ordinal));
        // The process made itself non-dumpable before anything unlocked a key (PR_GET_DUMPABLE read back as 0).
        Assert.Contains("PR_GET_DUMPABLE = 0", log, StringComparison.Ordinal);
        // Every log line is one JSON object (the structured state included, which the scan above covered too),
        // and the Debug level asked for took effect.
        var entries = log.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("listening ", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        Assert.Contains(entries, e => e.GetProperty("EventId").GetInt32() == 5200);
        Assert.Contains(entries, e => e.GetProperty("LogLevel").GetString() == "Debug");
    }

    /// <summary>AUTHENTICATE PLAIN with an initial response (RFC 4959), then SELECT and FETCH; the transcript.</summary>
    static async Task<string> AuthenticateAndFetchAsync(IPEndPoint imap, string payload)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(imap, Ct);
        using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
        await using var writer = new StreamWriter(tcp.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var transcript = new StringBuilder((await reader.ReadLineAsync(Ct)) + "\n");
        foreach (var (tag, command) in new[] { ("a", "AUTHENTICATE PLAIN " + payload), ("b", "SELECT INBOX"), ("c", "FETCH 1 BODY[]"), ("d", "LOGOUT") })
        {
            await writer.WriteLineAsync(tag + " " + command);
            string? line;
            do
            {
                line = await reader.ReadLineAsync(Ct);
                transcript.Append(line).Append('\n');
            }
            while (line is not null && !line.StartsWith(tag + " ", StringComparison.Ordinal));

            if (line is null || !line.StartsWith(tag + " OK", StringComparison.Ordinal))
            {
                break;
            }
        }

        return transcript.ToString();
    }

    static async Task WebLoginAsync(IPEndPoint web, string address, string password, HttpStatusCode expected)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri("http://" + web + "/"),
        };
        var token = TokenPattern().Match(await http.GetStringAsync(new Uri("login", UriKind.Relative), Ct)).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("Address", address), new("Password", password), new("__RequestVerificationToken", token)]);
        using var response = await http.PostAsync(new Uri("login", UriKind.Relative), form, Ct);
        Assert.Equal(expected, response.StatusCode);
    }

    static string Plain(string address, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes("\0" + address + "\0" + password));

    static string Canary(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
