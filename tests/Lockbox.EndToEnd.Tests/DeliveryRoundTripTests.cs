// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 3, "end to end with real clients": smtplib.LMTP and a raw-socket client deliver mailgen's
/// corpus and hand-made edge cases (up to 20 MB); <c>lockbox export</c> plus <c>key export --secret</c>
/// and the real gpg give back each message byte for byte, with only the trace headers added.
/// </summary>
[Collection(SharedDeliveredMailboxes.Name)]
public sealed class DeliveryRoundTripTests
{
    readonly DeliveredMailboxes _mail;

    public DeliveryRoundTripTests(DeliveredMailboxes mail)
    {
        _mail = mail;
    }

    [Fact]
    public void Every_delivery_was_answered_250_for_each_recipient()
    {
        Assert.All(_mail.PythonResults, r => Assert.True(r.AllStored(1), r.ToString()));
        Assert.All(_mail.EdgeCaseReplies, e =>
        {
            Assert.True(e.Replies.Count == 2 && e.Replies.All(r => r.Code == 250), $"{e.Case}: {string.Join(" | ", e.Replies)}");
            // RFC 2033 section 4.2: the replies after DATA come in RCPT order.
            Assert.Contains($"<{DeliveredMailboxes.Encrypted}>", e.Replies[0].Text, StringComparison.Ordinal);
            Assert.Contains($"<{DeliveredMailboxes.Cleartext}>", e.Replies[1].Text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Exported_mail_of_an_encrypted_user_decrypts_with_gpg_to_the_delivered_bytes()
    {
        var exported = await LockboxVerbs.ExportAndDecryptAsync(
            _mail.DataDirectory, DeliveredMailboxes.Encrypted, DeliveredMailboxes.Password, _mail.Combine("export-encrypted"));

        AssertInboxInDeliveryOrder(exported, encrypted: true);
        AssertStoredForms(exported.Select(e => e.Path[..^".pgp".Length]).ToList(), DeliveredMailboxes.Encrypted);
    }

    [Fact]
    public async Task Exported_mail_of_a_cleartext_user_is_the_delivered_bytes()
    {
        var exported = await LockboxVerbs.ExportAsync(_mail.DataDirectory, DeliveredMailboxes.Cleartext, _mail.Combine("export-cleartext"));
        AssertInboxInDeliveryOrder(exported, encrypted: false);
        AssertStoredForms(exported.Select(e => e.Path).ToList(), DeliveredMailboxes.Cleartext);
    }

    [Fact]
    public async Task Data_for_several_recipients_is_answered_once_per_accepted_recipient_in_order()
    {
        var message = EdgeCaseMessages.All(DeliveredMailboxes.Spare1)[0].Bytes;
        await using var client = await RawLmtpClient.ConnectAndGreetAsync(_mail.Server.Lmtp);
        Assert.Equal(250, (await client.CommandAsync($"MAIL FROM:<{DeliveredMailboxes.Sender}>")).Code);
        Assert.Equal(250, (await client.CommandAsync($"RCPT TO:<{DeliveredMailboxes.Spare1}>")).Code);
        Assert.Equal(550, (await client.CommandAsync("RCPT TO:<nobody@example.org>")).Code);
        Assert.Equal(250, (await client.CommandAsync($"RCPT TO:<{DeliveredMailboxes.Spare2}>")).Code);

        var replies = await client.DataAsync(message, replyCount: 2);

        Assert.Equal([250, 250], replies.Select(r => r.Code));
        Assert.Contains($"<{DeliveredMailboxes.Spare1}>", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains($"<{DeliveredMailboxes.Spare2}>", replies[1].Text, StringComparison.Ordinal);
        // No third reply (for the refused recipient) is waiting: the next reply is NOOP's own.
        var noop = await client.CommandAsync("NOOP");
        Assert.Equal("250 2.0.0 OK", noop.ToString());
    }

    void AssertInboxInDeliveryOrder(IReadOnlyList<ExportedMessage> exported, bool encrypted)
    {
        Assert.Equal(_mail.Delivered.Count, exported.Count);
        Assert.All(exported, e =>
        {
            Assert.Equal("INBOX", e.Mailbox);
            Assert.Equal(encrypted, e.Encrypted);
            Assert.EndsWith(encrypted ? ".eml.pgp" : ".eml", e.Path, StringComparison.Ordinal);
        });
        Assert.Equal(exported.Select(e => e.Uid).Order(), exported.Select(e => e.Uid));
    }

    /// <summary>The n-th file (UID order) holds the n-th delivered message in its stored form.</summary>
    void AssertStoredForms(List<string> files, string recipient)
    {
        var differences = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var (name, original) = _mail.Delivered[i];
            if (!File.Exists(files[i]))
            {
                differences.Add($"{name}: {files[i]} is missing");
            }
            else if (ByteAssert.Difference(StoredForm.Of(original, DeliveredMailboxes.Sender, recipient), File.ReadAllBytes(files[i])) is { } difference)
            {
                differences.Add($"{name} ({Path.GetFileName(files[i])}): {difference}");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }
}
