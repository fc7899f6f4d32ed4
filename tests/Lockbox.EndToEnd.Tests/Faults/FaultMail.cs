// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// The fault tests' messages and their one check: every message acknowledged with 250 reads back over IMAP byte for
/// byte (in its stored form), and nothing else is in the mailbox, so a fault neither lost nor corrupted nor invented mail.
/// </summary>
internal static class FaultMail
{
    public const string Sender = "sender@fault.example";

    /// <summary>A message of about <paramref name="bodyBytes"/> bytes whose Message-ID is <c>&lt;ID@fault.example&gt;</c>.</summary>
    public static byte[] Create(string id, string recipient, int bodyBytes)
    {
        var body = new StringBuilder();
        for (var line = 0; body.Length < bodyBytes; line++)
        {
            body.Append(CultureInfo.InvariantCulture, $"{id} line {line:D5} of a message that a fault must neither lose nor damage\r\n");
        }

        return Encoding.ASCII.GetBytes(
            $"From: Sender <{Sender}>\r\nTo: {recipient}\r\nSubject: fault {id}\r\nMessage-ID: <{id}@fault.example>\r\n" +
            $"Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{body}");
    }

    /// <summary>Delivers one message to one recipient on an open connection and returns the recipient's reply.</summary>
    public static async Task<LmtpResponse> DeliverAsync(RawLmtpClient lmtp, string recipient, byte[] message) =>
        Assert.Single(await lmtp.SendAsync(Sender, [recipient], message));

    /// <summary>
    /// One step of a delivery loop under a fault: delivers message <paramref name="id"/> (2,000 bytes of body), records the
    /// reply with its time, and remembers the message when it was acknowledged (the set the end check holds to).
    /// </summary>
    public static async Task<LmtpResponse> DeliverAndRecordAsync(
        RawLmtpClient lmtp, string recipient, string id, Stopwatch clock,
        ConcurrentBag<(string, TimeSpan, LmtpResponse)> replies, ConcurrentDictionary<string, byte[]> acknowledged)
    {
        var message = Create(id, recipient, 2000);
        var reply = await DeliverAsync(lmtp, recipient, message);
        replies.Add((id, clock.Elapsed, reply));
        if (reply.Code == 250)
        {
            acknowledged[id] = message;
        }

        return reply;
    }

    /// <summary>
    /// Asserts that INBOX holds exactly the <paramref name="acknowledged"/> messages (by Message-ID id), each byte for byte as
    /// delivered over LMTP (<see cref="StoredForm"/>), plus the <paramref name="appended"/> ones byte for byte as given.
    /// </summary>
    public static async Task AssertInboxHoldsExactlyAsync(
        IPEndPoint imap, string user, string password, IReadOnlyDictionary<string, byte[]> acknowledged, IReadOnlyDictionary<string, byte[]> appended,
        CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(user, password, cancellationToken);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var summaries = client.Inbox.Count == 0
            ? []
            : await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope, cancellationToken);
        var ids = summaries.Select(s => s.Envelope!.MessageId!.Split('@')[0]).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var expected = acknowledged.ToDictionary(p => p.Key, p => StoredForm.Of(p.Value, Sender, user), StringComparer.Ordinal);
        foreach (var (id, bytes) in appended)
        {
            expected.Add(id, bytes);
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        foreach (var (summary, id) in summaries.Zip(ids))
        {
            await using var stream = await client.Inbox.GetStreamAsync(summary.UniqueId, "", cancellationToken);
            using var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes, cancellationToken);
            Assert.Null(ByteAssert.Difference(expected[id], bytes.ToArray()));
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
