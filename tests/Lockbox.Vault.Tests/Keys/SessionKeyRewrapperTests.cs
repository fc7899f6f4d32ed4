// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Keys;

namespace Lockbox.Vault.Tests.Keys;

/// <summary>
/// Issue 5, item 7 (docs/decisions/0020): after a rotation, re-wrapping gives every stored session key to the new key. Old
/// mail then opens with the new key alone, each blob's SEIPD packet is byte for byte what it was, and the old key's ID is in
/// no PKESK of any blob, record or the mailbox key.
/// </summary>
public sealed class SessionKeyRewrapperTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Old_mail_opens_with_the_new_key_alone_and_its_encrypted_bodies_are_the_same_bytes()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        var store = vault.Get<IMailStore>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        // A login creates the mailbox key, wrapped to the key active then; mail after it keeps its records in public-key form.
        await using (await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct))
        {
        }

        var bodies = new[] { "first old message", "second old message", "third old message" };
        foreach (var body in bodies)
        {
            await DeliverAsync(vault, $"Subject: {body}\r\n\r\n{body}\r\n");
        }

        var user = (await store.FindUserAsync(Address, Ct))!;
        var inbox = (await store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        var archive = (await store.FindMailboxAsync(user.Id, "Archive", Ct))!;
        await store.CopyMessagesAsync(inbox.Id, [1], archive.Id, move: false, Ct);
        var before = await EncryptedBodiesAsync(vault, user.Id);
        var oldKeyId = Assert.Single(before.Values.SelectMany(b => b.Recipients).Distinct());

        await accounts.RotateKeyAsync(Address, Password, Ct);
        await DeliverAsync(vault, "Subject: new\r\n\r\nto the new key\r\n");
        var report = await vault.Get<SessionKeyRewrapper>().RunAsync(Address, Password, null, Ct);

        Assert.Equal((5L, 4L, 1L, 0L), (report.Messages, report.Rewrapped, report.AlreadyWrapped, report.Failed));
        Assert.Equal(8, report.Records); // a metadata record and a search document per old row, the copy's included
        Assert.True(report.MailboxKeyRewrapped);
        var active = (await store.GetKeysAsync(user.Id, Ct)).Single(k => k.IsActive);
        Assert.Equal(active.Fingerprint, report.Fingerprint);
        using var newKeyOnly = KeyProtector.Unlock(active.ProtectedSecretKey, Password);
        var after = await EncryptedBodiesAsync(vault, user.Id);
        var newKeyId = Assert.Single(after.Values.SelectMany(b => b.Recipients).Distinct());
        Assert.NotEqual(oldKeyId, newKeyId);
        foreach (var (messageId, was) in before)
        {
            var now = after[messageId];
            Assert.NotEqual(was.BlobId, now.BlobId);
            Assert.Equal(was.Seipd, now.Seipd);
            var plaintext = await DecryptAsync(now.Blob, newKeyOnly);
            Assert.Contains(bodies, b => plaintext.EndsWith(b + "\r\n", StringComparison.Ordinal));
        }

        var rows = await RowsAsync(store, user.Id);
        Assert.Equal(rows.Select(r => r.BlobId).ToHashSet(), await vault.BlobIdsAsync());
        foreach (var row in rows.Where(r => r.MetadataForm == MetadataForm.PublicKey))
        {
            Assert.Equal([newKeyId], SessionKeyPackets.Parse(row.Metadata).RecipientKeyIds);
            await DecryptAsync(row.Metadata, newKeyOnly);
        }

        foreach (var document in await store.GetSearchDocumentsAsync([.. rows.Select(r => r.Id)], Ct))
        {
            Assert.Equal(MetadataForm.PublicKey, document.Form);
            Assert.Equal([newKeyId], SessionKeyPackets.Parse(document.Document).RecipientKeyIds);
        }

        var mailboxKey = (await store.GetMailboxKeyAsync(user.Id, Ct))!;
        Assert.Equal([newKeyId], SessionKeyPackets.Parse(mailboxKey).RecipientKeyIds);
        Assert.Contains(await vault.Get<AuditLog>().ListAsync(Address, Ct), e => e.Event == "keys-rewrapped" && e.Detail.Contains(": 4 messages (1 were already)", StringComparison.Ordinal));

        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.EndsWith("first old message\r\n", await ReadAsync(session, "INBOX", 1));
        Assert.EndsWith("first old message\r\n", await ReadAsync(session, "Archive", 1));
        Assert.EndsWith("to the new key\r\n", await ReadAsync(session, "INBOX", 4));

        var again = await vault.Get<SessionKeyRewrapper>().RunAsync(Address, Password, null, Ct);
        Assert.Equal((5L, 0L, 5L, 0L, false), (again.Messages, again.Rewrapped, again.AlreadyWrapped, again.Records, again.MailboxKeyRewrapped));
    }

    [Fact]
    public async Task A_cleartext_user_or_a_wrong_password_is_refused_and_changes_nothing()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync("clear@example.org", Password, encrypt: false, Ct);
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        await DeliverAsync(vault, "Subject: old\r\n\r\nold\r\n");
        await accounts.RotateKeyAsync(Address, Password, Ct);
        var rewrapper = vault.Get<SessionKeyRewrapper>();

        var clear = await Assert.ThrowsAsync<VaultException>(() => rewrapper.RunAsync("clear@example.org", Password, null, Ct));
        Assert.Contains("no secret key", clear.Message, StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<VaultException>(() => rewrapper.RunAsync(Address, "wrong", null, Ct));
        Assert.Contains("wrong", wrong.Message, StringComparison.Ordinal);
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var before = await EncryptedBodiesAsync(vault, user.Id);
        Assert.Single(before);
        Assert.DoesNotContain(await vault.Get<AuditLog>().ListAsync(Address, Ct), e => e.Event == "keys-rewrapped");
    }

    [Fact]
    public async Task Mail_under_an_older_key_the_password_does_not_open_stays_as_it_was_and_is_reported()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        var store = vault.Get<IMailStore>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        await DeliverAsync(vault, "Subject: old\r\n\r\nold\r\n");
        await accounts.RotateKeyAsync(Address, Password, Ct);
        var user = (await store.FindUserAsync(Address, Ct))!;
        var older = (await store.GetKeysAsync(user.Id, Ct)).Single(k => !k.IsActive);
        await store.RestoreKeysAsync(user.Id, new Dictionary<long, byte[]>
        {
            [older.Id] = KeyProtector.ChangePassword(older.ProtectedSecretKey!, Password, "another passphrase", Argon2Settings.Default),
        }, new AuditEntry(Address, "escrow-restored", "test"), Ct);
        var before = await EncryptedBodiesAsync(vault, user.Id);

        var report = await vault.Get<SessionKeyRewrapper>().RunAsync(Address, Password, null, Ct);

        Assert.Equal((1L, 0L, 1L, 1), (report.Messages, report.Rewrapped, report.Failed, report.KeysNotOpened));
        Assert.Contains("none of the keys opens", report.FirstFailure, StringComparison.Ordinal);
        var after = await EncryptedBodiesAsync(vault, user.Id);
        Assert.Equal(before.Values.Single().Blob, after.Values.Single().Blob);
    }

    sealed record StoredBody(string BlobId, byte[] Blob, byte[] Seipd, IReadOnlyList<string> Recipients);

    /// <summary>Each row's blob with its SEIPD packet's bytes and the key IDs its PKESKs name, by message row ID.</summary>
    static async Task<Dictionary<long, StoredBody>> EncryptedBodiesAsync(VaultFixture vault, long userId)
    {
        var bodies = new Dictionary<long, StoredBody>();
        foreach (var row in await RowsAsync(vault.Get<IMailStore>(), userId))
        {
            using var read = new MemoryStream();
            await using (var stored = await vault.Get<MessageBlobs>().OpenReadAsync(row.BlobId, Ct))
            {
                await stored.CopyToAsync(read, Ct);
            }

            var blob = read.ToArray();
            var head = SessionKeyPackets.Parse(blob);
            bodies[row.Id] = new StoredBody(row.BlobId, blob, blob[head.EncryptedDataOffset..], head.RecipientKeyIds);
        }

        return bodies;
    }

    static async Task<List<MessageRecord>> RowsAsync(IMailStore store, long userId)
    {
        var rows = new List<MessageRecord>();
        foreach (var mailbox in await store.ListMailboxesAsync(userId, Ct))
        {
            rows.AddRange(await store.ListMessagesAsync(mailbox.Id, Ct));
        }

        return rows;
    }

    static async Task<string> DecryptAsync(byte[] message, UnlockedKey key)
    {
        using var plain = new MemoryStream();
        await MessageDecryptor.DecryptAsync(new MemoryStream(message), key, plain, Ct);
        return Encoding.UTF8.GetString(plain.ToArray());
    }

    static async Task DeliverAsync(VaultFixture vault, string message)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    static async Task<string> ReadAsync(IMailSession session, string mailbox, long uid)
    {
        await using var stream = await session.OpenMessageAsync(mailbox, uid, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }
}
