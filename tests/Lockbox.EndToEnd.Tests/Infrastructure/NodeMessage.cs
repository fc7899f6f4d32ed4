// SPDX-License-Identifier: MIT
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A small message with an id header, for the several-node tests: what was sent is known by id and by the SHA-256 of
/// its stored form, so reading a mailbox back proves each message present once and byte for byte.
/// </summary>
internal sealed record NodeMessage(string Id, byte[] Bytes, string StoredHash)
{
    public const string Sender = "sender@example.net";
    const string IdHeader = "X-Lockbox-Test-Id: ";

    public static NodeMessage Create(string id, string to)
    {
        // Random text, so no two messages share a blob's plaintext and a swapped body cannot pass the hash.
        var body = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(300));
        var text = $"From: <{Sender}>\r\nTo: <{to}>\r\nSubject: node test {id}\r\n{IdHeader}{id}\r\nMessage-ID: <{id}@example.net>\r\n\r\n{body}\r\n";
        var bytes = Encoding.ASCII.GetBytes(text);
        return new NodeMessage(id, bytes, Hash(StoredForm.Of(bytes, Sender, to)));
    }

    /// <summary>One message read back: its UID, sequence position, id header and hash.</summary>
    public sealed record Read(UniqueId Uid, int Index, string Id, string Hash);

    /// <summary>Every message of the INBOX of <paramref name="address"/>, in one UID FETCH BODY.PEEK[] over IMAP.</summary>
    public static async Task<IReadOnlyList<Read>> ReadInboxAsync(IPEndPoint imap, string address, string password, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(address, password, cancellationToken);
        var inbox = (ImapFolder)client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var uids = await inbox.SearchAsync(MailKit.Search.SearchQuery.All, cancellationToken);
        var read = new List<Read>(uids.Count);
        await inbox.GetStreamsAsync(uids, async (_, index, uid, stream, ct) =>
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            var bytes = copy.ToArray();
            lock (read)
            {
                read.Add(new Read(uid, index, IdOf(bytes), Hash(bytes)));
            }
        }, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return [.. read.OrderBy(r => r.Index)];
    }

    static string IdOf(byte[] stored)
    {
        var text = Encoding.ASCII.GetString(stored);
        var start = text.IndexOf(IdHeader, StringComparison.Ordinal) + IdHeader.Length;
        return text[start..text.IndexOf('\r', start)];
    }

    static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
