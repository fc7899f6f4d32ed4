// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// RFC 6531 over LMTP: Lockbox announces SMTPUTF8, so an MTA hands it internationalised mail (a UTF-8 envelope sender,
/// UTF-8 header fields, RFC 6532) instead of bouncing it, as Postfix does for such a message when the next hop does not
/// announce the extension. smtplib.LMTP sends the parameter only to a server that announces it.
/// </summary>
public sealed class Smtputf8DeliveryTests
{
    const string Sender = "jörg@bücher.example";
    const string User = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Internationalised_mail_is_accepted_stored_encrypted_and_read_back_unchanged()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: true);
        var message = Encoding.UTF8.GetBytes(
            $"From: Jörg Müller <{Sender}>\r\nTo: {User}\r\nSubject: Grüße aus Köln\r\nMessage-ID: <eai-1@bücher.example>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nLiebe Grüße, Jörg\r\n");
        var file = temp.Combine("eai.eml");
        await File.WriteAllBytesAsync(file, message, Ct);

        await using var server = await LockboxServer.StartAsync(data);
        var result = Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [User], [file]));
        Assert.True(result.AllStored(1), result.ToString());

        var exported = Assert.Single(await LockboxVerbs.ExportAndDecryptAsync(data, User, Password, temp.Combine("export")));
        Assert.True(exported.Encrypted);
        var decrypted = await File.ReadAllBytesAsync(exported.Path[..^".pgp".Length], Ct);
        var difference = ByteAssert.Difference(StoredForm.Of(message, Sender, User), decrypted);
        Assert.True(difference is null, difference);

        using var client = await MailKitInbox.OpenAsync(server, User, Password, Ct);
        var summary = Assert.Single(await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope, Ct));
        Assert.Equal("Grüße aus Köln", summary.Envelope!.Subject);
        Assert.Equal(Sender, summary.Envelope!.From.Mailboxes.Single().Address);
        var body = await client.Inbox.GetMessageAsync(0, Ct);
        Assert.Equal("Liebe Grüße, Jörg", body.TextBody!.TrimEnd());
    }
}
