// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Reading;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>
/// IMailSession's reading calls (docs/decisions/0025): the webmail gets a message decoded by Vault, with no MIME library of
/// its own. Over an encrypted user's mail delivered through the funnel, as LMTP would.
/// </summary>
public sealed class MailSessionReadingTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    /// <summary>A 1x1 PNG.</summary>
    static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4 not really\n\u0001\u0002 binary tail");

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static string Multipart() =>
        "From: =?UTF-8?Q?J=C3=B6rg_Sender?= <jorg@example.net>\r\n" +
        "To: Alice <alice@example.org>, \"Smith, Bob\" <bob@example.net>\r\n" +
        "Cc: carol@example.com\r\n" +
        "Reply-To: replies@example.net\r\n" +
        "Subject: =?UTF-8?B?R3LDvMOfZQ==?= and more\r\n" +
        "Date: Tue, 03 Nov 2026 10:15:00 +0100\r\n" +
        "Message-ID: <m1@example.net>\r\n" +
        "In-Reply-To: <m0@example.net>\r\n" +
        "References: <a@example.net> <m0@example.net>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n" +
        "--outer\r\n" +
        "Content-Type: multipart/related; boundary=\"rel\"\r\n\r\n" +
        "--rel\r\n" +
        "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n" +
        "--alt\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
        "Hello plain\r\n" +
        "--alt\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n\r\n" +
        "<p>Hello <img src=\"cid:logo@x\"> <img src=\"cid:vector@x\"></p>\r\n" +
        "--alt--\r\n" +
        "--rel\r\n" +
        "Content-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(Png) + "\r\n" +
        "--rel\r\n" +
        "Content-Type: image/svg+xml\r\nContent-ID: <vector@x>\r\n\r\n" +
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\r\n" +
        "--rel--\r\n" +
        "--outer\r\n" +
        "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''Bericht%20f%C3%BCr%20M%C3%A4rz.pdf\r\n" +
        "Content-Transfer-Encoding: base64\r\n\r\n" +
        Convert.ToBase64String(Pdf) + "\r\n" +
        "--outer--\r\n";

    [Fact]
    public async Task A_multipart_message_reads_as_decoded_headers_bodies_attachments_and_its_safe_inline_images()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await DeliverAsync(vault, Multipart());
        var uid = Assert.Single(await session.ListMessagesAsync("INBOX", Ct)).Uid;

        var message = await session.ReadMessageAsync("INBOX", uid, Ct);

        Assert.Equal("Grüße and more", message.Subject);
        Assert.Equal("Jörg Sender", Assert.Single(message.From.Mailboxes).Name);
        Assert.Equal(["alice@example.org", "bob@example.net"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("\"Smith, Bob\" <bob@example.net>", message.To.Mailboxes[1].Text);
        Assert.Equal("carol@example.com", message.Cc.Text);
        Assert.Equal("replies@example.net", Assert.Single(message.ReplyTo.Mailboxes).Address);
        Assert.Empty(message.Bcc.Mailboxes);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 10, 15, 0, TimeSpan.FromHours(1)), message.Date);
        Assert.Equal("m1@example.net", message.MessageId);
        Assert.Equal("m0@example.net", message.InReplyTo);
        Assert.Equal(["a@example.net", "m0@example.net"], message.References);
        Assert.Equal("Hello plain", message.TextBody!.Trim());
        Assert.Contains("cid:logo@x", message.HtmlBody, StringComparison.Ordinal);
        // The bodies and the images the HTML embeds are no attachments; of those images only the raster one is inlined.
        Assert.Equal([new MessageAttachment(4, "Bericht für März.pdf", "application/pdf", Pdf.Length)], message.Attachments);
        var image = Assert.Single(message.InlineImages);
        Assert.Equal(("logo@x", "image/png"), (image.ContentId, image.MediaType));
        Assert.Equal(Png, image.Content);
    }

    [Fact]
    public async Task A_part_downloads_as_its_decoded_bytes_and_a_part_the_message_lacks_is_not_found()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await DeliverAsync(vault, Multipart());
        var uid = Assert.Single(await session.ListMessagesAsync("INBOX", Ct)).Uid;

        var part = await session.OpenPartAsync("INBOX", uid, 4, Ct);

        Assert.Equal(("application/pdf", "Bericht für März.pdf"), (part.MediaType, part.FileName));
        Assert.Equal(Pdf, part.Content);
        await Assert.ThrowsAsync<MessageNotFoundException>(() => session.OpenPartAsync("INBOX", uid, 5, Ct));
        await Assert.ThrowsAsync<MessageNotFoundException>(() => session.OpenPartAsync("INBOX", uid, -1, Ct));
        await Assert.ThrowsAsync<MessageNotFoundException>(() => session.OpenPartAsync("INBOX", uid + 1, 0, Ct));
    }

    [Fact]
    public async Task A_summary_decodes_the_list_fields_from_the_metadata()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await DeliverAsync(vault, Multipart());
        var info = Assert.Single(await session.ListMessagesAsync("INBOX", Ct));

        var summaries = await session.GetSummariesAsync("INBOX", [info.Uid, info.Uid + 7], Ct);

        var summary = Assert.Single(summaries).Value;
        Assert.Equal("Grüße and more", summary.Subject);
        Assert.Equal("Jörg Sender", summary.Sender);
        Assert.Equal("Jörg Sender <jorg@example.net>", summary.From);
        Assert.Equal("Alice <alice@example.org>, \"Smith, Bob\" <bob@example.net>", summary.To);
        Assert.True(summary.HasAttachment);
        Assert.Equal((await session.GetMetadataAsync("INBOX", [info.Uid], Ct))[info.Uid].Size, summary.Size);
    }

    static async Task<IMailSession> DeliverAsync(VaultFixture vault, string message)
    {
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "jorg@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
        return await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
    }
}
