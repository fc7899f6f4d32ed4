// SPDX-License-Identifier: MIT
using System.Diagnostics;
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Sessions;

namespace Lockbox.Vault.Tests.Sessions;

public sealed class SessionServiceTests
{
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unknown_user_and_wrong_password_fail_the_same_way()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        var sessions = vault.Get<ISessionService>();

        var unknown = await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync("nobody@example.org", Password, Ct));
        var wrong = await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync("alice@example.org", "wrong", Ct));

        Assert.Equal(unknown.Message, wrong.Message);
    }

    [Fact]
    public async Task Session_lists_decrypted_metadata_and_opens_the_delivered_bytes()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        var message = "Subject: secret plans\r\nFrom: bob@example.net\r\n\r\nmeet at noon\r\n";
        await DeliverAsync(vault, "alice@example.org", message);

        await using var session = await vault.Get<ISessionService>().OpenSessionAsync("ALICE@example.org", Password, Ct);

        Assert.Equal(MailAccess.Decrypting, session.Access);
        var info = Assert.Single(await session.ListMessagesAsync("INBOX", Ct));
        var metadata = (await session.GetMetadataAsync("INBOX", [info.Uid], Ct))[info.Uid];
        Assert.Contains(metadata.Root.Headers, h => h.Name == "Subject" && Encoding.UTF8.GetString(h.RawValue).Trim() == "secret plans");
        await using var stream = await session.OpenMessageAsync("INBOX", info.Uid, Ct);
        using var reader = new StreamReader(stream);
        var expected = "Return-Path: <bob@example.net>\r\nDelivered-To: alice@example.org\r\n" + message;
        Assert.Equal(expected, await reader.ReadToEndAsync(Ct));
        Assert.Equal(expected.Length, metadata.Size);
    }

    [Fact]
    public async Task Login_reseals_pending_index_records_under_the_mailbox_key()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        for (var i = 0; i < 5; i++)
        {
            await DeliverAsync(vault, "alice@example.org", $"Subject: {i}\r\n\r\nbody {i}\r\n");
        }

        Assert.All(await StoredMessagesAsync(vault), m => Assert.Equal(MetadataForm.PublicKey, m.MetadataForm));

        await using (await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct))
        {
            Assert.All(await StoredMessagesAsync(vault), m => Assert.Equal(MetadataForm.MailboxKey, m.MetadataForm));
        }

        // A later login reads the re-sealed records with the mailbox key alone.
        await using var again = await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);
        var uids = (await again.ListMessagesAsync("INBOX", Ct)).Select(m => m.Uid).ToList();
        Assert.Equal(5, (await again.GetMetadataAsync("INBOX", uids, Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_sessions_share_one_unlocked_key_which_is_wiped_after_the_last_one()
    {
        await using var vault = await VaultFixture.CreateAsync(gracePeriod: TimeSpan.FromMilliseconds(50));
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        var service = vault.Get<SessionService>();

        var first = (MailSession)await service.OpenSessionAsync("alice@example.org", Password, Ct);
        var second = (MailSession)await service.OpenSessionAsync("alice@example.org", Password, Ct);
        Assert.Same(first.State, second.State);
        var key = first.State.Keys[0];

        await first.DisposeAsync();
        await Task.Delay(200, Ct);
        Assert.False(key.IsDisposed);
        await second.DisposeAsync();
        var deadline = Stopwatch.StartNew();
        while (!key.IsDisposed && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, Ct);
        }

        Assert.True(key.IsDisposed);
        Assert.Equal(0, service.UnlockedUsers);
    }

    [Fact]
    public async Task Logins_of_one_user_that_arrive_together_run_one_unlock_and_share_it()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await accounts.CreateUserAsync("bob@example.org", Password, encrypt: true, Ct);
        var service = vault.Get<SessionService>();

        // Four connections of alice at once (as after a restart), one wrong guess among them, and bob alongside.
        var alice = Enumerable.Range(0, 4).Select(_ => service.OpenSessionAsync("alice@example.org", Password, Ct)).ToList();
        var wrong = Assert.ThrowsAsync<AuthenticationFailedException>(() => service.OpenSessionAsync("alice@example.org", "wrong", Ct));
        var bob = service.OpenSessionAsync("bob@example.org", Password, Ct);
        var sessions = (await Task.WhenAll([.. alice, bob])).Cast<MailSession>().ToList();
        await wrong;

        // Alice's right password unlocked once; the wrong guess ran its own check; bob his own unlock.
        Assert.Equal(3, service.UnlockRuns);
        Assert.All(sessions.Take(4), s => Assert.Same(sessions[0].State, s.State));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cleartext_user_logs_in_with_the_verifier()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("carol@example.org", Password, encrypt: false, Ct);
        await DeliverAsync(vault, "carol@example.org", "Subject: hi\r\n\r\nplain\r\n");
        var sessions = vault.Get<ISessionService>();

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync("carol@example.org", "nope", Ct));
        await using var session = await sessions.OpenSessionAsync("carol@example.org", Password, Ct);
        Assert.Equal(MailAccess.Cleartext, session.Access);
        Assert.Single(await session.ListMessagesAsync("INBOX", Ct));
    }

    static async Task DeliverAsync(VaultFixture vault, string recipient, string message)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([recipient], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    static async Task<IReadOnlyList<MessageRecord>> StoredMessagesAsync(VaultFixture vault)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync("alice@example.org", Ct))!;
        var inbox = (await store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        return await store.ListMessagesAsync(inbox.Id, Ct);
    }
}
