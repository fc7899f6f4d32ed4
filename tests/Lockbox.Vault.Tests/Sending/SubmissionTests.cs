// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Sending;
using MimeKit;

namespace Lockbox.Vault.Tests.Sending;

/// <summary>
/// IMailSession.SendAsync and SaveDraftAsync (docs/decisions/0024, 0025): the message is built in Vault, sent to a real SMTP
/// sink on loopback with MailKit, and only then stored in Sent through the funnel, encrypted.
/// </summary>
public sealed class SubmissionTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sent_message_reaches_the_relay_without_its_Bcc_header_and_its_encrypted_copy_lands_in_Sent_with_it()
    {
        await using var sink = new SmtpSink();
        await using var vault = await CreateAsync(sink.Port);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        var outcome = await session.SendAsync(
            new OutgoingMessage { To = "Bob <bob@example.net>", Cc = "carol@example.com", Bcc = "dave@example.com", Subject = "Hi", Body = "Hello" }, Ct);

        var received = await sink.NextAsync();
        Assert.Equal("<alice@example.org>", received.MailFrom);
        Assert.Equal(["bob@example.net", "carol@example.com", "dave@example.com"], received.Recipients.Order(StringComparer.Ordinal));
        Assert.Empty(received.Parse().Bcc);
        Assert.Equal(("Sent", 3), (outcome.Mailbox, outcome.Recipients));
        var (info, copy) = Assert.Single(await MailboxAsync(session, "Sent"));
        Assert.Equal(outcome.Uid, info.Uid);
        Assert.Contains("\\Seen", info.Flags);
        Assert.Equal("dave@example.com", Assert.Single(copy.Bcc.Mailboxes).Address);
        Assert.Equal(received.Parse().MessageId, copy.MessageId);
        Assert.True(Assert.Single(await StoredAsync(vault, "Sent")).IsEncrypted);
    }

    [Fact]
    public async Task An_invalid_address_is_refused_naming_its_field_and_nothing_is_sent_or_stored()
    {
        await using var sink = new SmtpSink();
        await using var vault = await CreateAsync(sink.Port);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        var refused = await Assert.ThrowsAsync<ComposeRejectedException>(() =>
            session.SendAsync(new OutgoingMessage { To = "bob@example.net", Cc = "carol", Subject = "Hi" }, Ct));

        Assert.Equal("Cc", refused.Field);
        Assert.StartsWith("Cc: \"carol\" is not a complete e-mail address", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ComposeRejectedException>(() => session.SaveDraftAsync(new OutgoingMessage { Bcc = "a@b, <>" }, Ct));
        Assert.False(sink.HasMessage);
        Assert.Empty(await session.ListMessagesAsync("Sent", Ct));
        Assert.Empty(await session.ListMessagesAsync("Drafts", Ct));
    }

    [Fact]
    public async Task A_recipient_the_relay_refuses_fails_the_send_with_its_reason_and_leaves_Sent_empty()
    {
        await using var sink = new SmtpSink();
        await using var vault = await CreateAsync(sink.Port);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        var refused = await Assert.ThrowsAsync<ComposeRejectedException>(() =>
            session.SendAsync(new OutgoingMessage { To = "refused@example.net", Subject = "Hi" }, Ct));

        Assert.Contains("refused@example.net", refused.Message, StringComparison.Ordinal);
        Assert.Contains("550", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.Field);
        Assert.Empty(await session.ListMessagesAsync("Sent", Ct));
    }

    [Fact]
    public async Task A_draft_saved_again_replaces_itself_keeps_what_it_carries_and_is_removed_once_sent()
    {
        await using var sink = new SmtpSink();
        await using var vault = await CreateAsync(sink.Port);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        var delivered = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"),
            new MemoryStream(Encoding.ASCII.GetBytes("From: bob@example.net\r\nSubject: Plans\r\nMessage-ID: <p@example.net>\r\n\r\nSee you.\r\n")), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(delivered).Status);
        var original = Assert.Single(await session.ListMessagesAsync("INBOX", Ct)).Uid;

        var first = await session.SaveDraftAsync(new OutgoingMessage
        {
            Subject = "Fwd: Plans",
            Forward = new MessageReference("INBOX", original),
            Attachments = [new OutgoingAttachment("notes.txt", "text/plain", Encoding.ASCII.GetBytes("a\nb"))],
        }, Ct);
        var draft = new MessageReference(first.Mailbox, first.Uid);
        Assert.Equal(["notes.txt", "Plans.eml"], await session.DescribeCarriedAsync(new OutgoingMessage { Draft = draft }, Ct));
        var second = await session.SaveDraftAsync(new OutgoingMessage { To = "carol@example.com", Subject = "Fwd: Plans", Draft = draft }, Ct);

        var (info, saved) = Assert.Single(await MailboxAsync(session, "Drafts"));
        Assert.Equal((second.Uid, "Drafts"), (info.Uid, second.Mailbox));
        Assert.Contains("\\Draft", info.Flags);
        Assert.Equal(["notes.txt", "Plans.eml"], await session.DescribeCarriedAsync(new OutgoingMessage { Draft = new MessageReference("Drafts", second.Uid) }, Ct));
        Assert.Equal("carol@example.com", Assert.Single(saved.To.Mailboxes).Address);

        await session.SendAsync(new OutgoingMessage { To = "carol@example.com", Subject = "Fwd: Plans", Draft = new MessageReference("Drafts", second.Uid) }, Ct);

        var sent = (await sink.NextAsync()).Parse();
        var forwarded = Assert.IsType<MessagePart>(sent.Attachments.Last());
        Assert.Equal("p@example.net", forwarded.Message!.MessageId);
        using var notes = new MemoryStream();
        ((MimePart)sent.Attachments.First()).Content!.DecodeTo(notes, Ct);
        Assert.Equal("a\nb", Encoding.ASCII.GetString(notes.ToArray()));
        Assert.Empty(await session.ListMessagesAsync("Drafts", Ct));
        Assert.Single(await session.ListMessagesAsync("Sent", Ct));
    }

    [Fact]
    public async Task Without_a_relay_a_session_cannot_send_but_still_saves_drafts()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        var refused = await Assert.ThrowsAsync<ComposeRejectedException>(() => session.SendAsync(new OutgoingMessage { To = "bob@example.net" }, Ct));

        Assert.False(session.CanSend);
        Assert.StartsWith("Sending is not set up on this server", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await session.ListMessagesAsync("Sent", Ct));
        await session.SaveDraftAsync(new OutgoingMessage { To = "bob@example.net" }, Ct);
        Assert.Single(await session.ListMessagesAsync("Drafts", Ct));
    }

    static async Task<VaultFixture> CreateAsync(int relayPort)
    {
        var vault = await VaultFixture.CreateAsync(smtp: o =>
        {
            o.Host = "127.0.0.1";
            o.Port = relayPort;
            o.StartTls = false;
        });
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        return vault;
    }

    static async Task<IReadOnlyList<(MessageInfo Info, MimeMessage Message)>> MailboxAsync(IMailSession session, string mailbox)
    {
        var list = new List<(MessageInfo, MimeMessage)>();
        foreach (var info in await session.ListMessagesAsync(mailbox, Ct))
        {
            await using var stream = await session.OpenMessageAsync(mailbox, info.Uid, Ct);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            copy.Position = 0;
            list.Add((info, await MimeMessage.LoadAsync(copy, Ct)));
        }

        return list;
    }

    static async Task<IReadOnlyList<MessageRecord>> StoredAsync(VaultFixture vault, string mailbox)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var box = (await store.FindMailboxAsync(user.Id, mailbox, Ct))!;
        return await store.ListMessagesAsync(box.Id, Ct);
    }
}
