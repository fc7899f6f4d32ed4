// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Mta;

/// <summary>What an MTA delivered, as the user reads it: the INBOX over IMAP, with MailKit.</summary>
internal static class MtaInbox
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Polls the user's INBOX over IMAP until it holds <paramref name="count"/> messages (30 s), and returns their raw bytes.</summary>
    public static async Task<List<byte[]>> WaitForAsync(LockboxServer server, string user, string password, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var client = await MailKitInbox.OpenAsync(server, user, password, Ct);
        while (client.Inbox.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{user}'s INBOX holds {client.Inbox.Count} of {count} messages after 30 s");
            await Task.Delay(100, Ct);
            await client.NoOpAsync(Ct);
        }

        var messages = new List<byte[]>();
        for (var i = 0; i < client.Inbox.Count; i++)
        {
            using var stream = await client.Inbox.GetStreamAsync(i, "", Ct);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            messages.Add(copy.ToArray());
        }

        await client.DisconnectAsync(true, Ct);
        return messages;
    }

    /// <summary>
    /// Asserts that <paramref name="stored"/> is Lockbox's trace headers, then the MTA's Received header starting with
    /// <paramref name="receivedStart"/> (RFC 5321 section 4.4), then the submitted bytes unchanged. Returns the Received
    /// header's text after that start, for the MTA's own details.
    /// </summary>
    public static string AssertStored(byte[] submitted, string sender, string recipient, string receivedStart, byte[] stored)
    {
        var text = Encoding.ASCII.GetString(stored);
        var trace = $"Return-Path: <{sender}>\r\nDelivered-To: {recipient}\r\nReceived: {receivedStart}";
        Assert.True(text.StartsWith(trace, StringComparison.Ordinal), text[..Math.Min(text.Length, 400)]);
        Assert.True(stored.Length > submitted.Length, $"{stored.Length} bytes stored for {submitted.Length} submitted");
        var difference = ByteAssert.Difference(submitted, stored.AsSpan(stored.Length - submitted.Length));
        Assert.True(difference is null, difference);
        return text[trace.Length..(stored.Length - submitted.Length)];
    }
}
