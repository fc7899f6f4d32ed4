// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Search;

namespace Lockbox.Vault.Tests.Keys;

/// <summary>
/// Issue 5, item 3 at the Vault level (docs/decisions/0018): what each import mode leaves in the store and in sessions,
/// and the zero-access form's metadata matching the bytes served. The end-to-end tests with gpg keys are in
/// Lockbox.EndToEnd.Tests (KeyImportTests).
/// </summary>
public sealed class KeyImporterTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";
    const string Passphrase = "a separate key passphrase";
    const string Canary = "zq7canary";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_kept_passphrase_puts_the_user_in_two_password_mode_for_the_whole_key_history()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await DeliverAsync(vault, "Subject: before\r\n\r\nto the server key\r\n");
        using var own = KeyGenerator.Generate(Address);

        var result = await vault.Get<KeyImporter>().ImportAsync(
            Address, Encoding.ASCII.GetBytes(GpgExport.ExportSecretKey(own, Passphrase)), Password, Passphrase, new KeyImportOptions(KeepPassphrase: true), Ct);
        await DeliverAsync(vault, "Subject: after\r\n\r\nto the own key\r\n");

        Assert.Equal(KeyImportMode.SeparatePassphrase, result.Mode);
        Assert.Equal(own.Certificate.Fingerprint, result.Fingerprint);
        // Stored as Lockbox's Argon2id envelope (KeyProtector reads nothing else), never in gpg's S2K form.
        var store = vault.Get<IMailStore>();
        var active = (await store.GetKeysAsync((await store.FindUserAsync(Address, Ct))!.Id, Ct)).First(k => k.IsActive);
        using (var opened = KeyProtector.Unlock(active.ProtectedSecretKey, Passphrase))
        {
            Assert.Equal(own.Certificate.Fingerprint, opened.Certificate.Fingerprint);
        }

        var sessions = vault.Get<ISessionService>();
        await Assert.ThrowsAsync<KeyPassphraseRequiredException>(() => sessions.OpenSessionAsync(Address, Password, Ct));
        await using var session = await sessions.OpenSessionAsync(Address, Password, Passphrase, Ct);
        Assert.EndsWith("to the server key\r\n", await ReadAsync(session, 1));
        Assert.EndsWith("to the own key\r\n", await ReadAsync(session, 2));
    }

    [Fact]
    public async Task A_public_key_makes_the_user_zero_access_and_the_served_form_is_what_its_metadata_says()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        using var own = KeyGenerator.Generate(Address);
        await ImportPublicAsync(vault, own, discard: false);
        await DeliverAsync(vault, $"From: Bob <bob@example.net>\r\nTo: {Address}\r\nSubject: {Canary} subject\r\nDate: Thu, 01 Jan 2026 10:00:00 +0100\r\n\r\n{Canary} body\r\n");

        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.Equal(MailAccess.PublicKeyOnly, session.Access);
        var served = await ReadBytesAsync(session, 1);
        var metadata = (await session.GetMetadataAsync("INBOX", [1], Ct))[1];
        var parsed = await MetadataReader.ReadAsync(new MemoryStream(served), Ct);
        Assert.Equal(served.Length, metadata.Size);
        Assert.Equal(Json(parsed), Json(metadata));
        var text = Encoding.ASCII.GetString(served);
        Assert.StartsWith("Date: Thu, 01 Jan 2026 10:00:00 +0100\r\nFrom: Bob <bob@example.net>\r\nTo: alice@example.org\r\nSubject: ...\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
        Assert.Equal([1L], await session.SearchAsync("INBOX", new SearchQuery.Size(Larger: true, served.Length - 1), Ct));
        Assert.Empty(await session.SearchAsync("INBOX", new SearchQuery.Size(Larger: true, served.Length), Ct));
        await Assert.ThrowsAsync<SearchUnavailableException>(() => session.SearchAsync("INBOX", new SearchQuery.Text(SearchTextScope.Body, null, Canary), Ct));
        Assert.Empty(await SearchDocumentsAsync(vault));
    }

    [Fact]
    public async Task Zero_access_is_refused_while_the_server_holds_a_secret_key_and_discarding_removes_every_secret_part()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await DeliverAsync(vault, "From: bob@example.net\r\nSubject: old\r\n\r\nold mail\r\n");
        using var own = KeyGenerator.Generate(Address);
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var before = await store.GetKeysAsync(user.Id, Ct);

        var refusal = await Assert.ThrowsAsync<VaultException>(() => ImportPublicAsync(vault, own, discard: false));
        Assert.Contains("--discard-server-key", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Json(before), Json(await store.GetKeysAsync(user.Id, Ct)));

        await ImportPublicAsync(vault, own, discard: true);

        var after = await store.GetKeysAsync(user.Id, Ct);
        Assert.Equal([own.Certificate.Fingerprint, before[0].Fingerprint], after.Select(k => k.Fingerprint));
        Assert.All(after, k => Assert.Null(k.ProtectedSecretKey));
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        // Mail from before has no outer record: its served form shows only the arrival date.
        var old = Encoding.ASCII.GetString(await ReadBytesAsync(session, 1));
        Assert.StartsWith("Date: ", old, StringComparison.Ordinal);
        Assert.DoesNotContain("From:", old.Split("\r\n\r\n")[0], StringComparison.Ordinal);
        Assert.Contains("Content-Type: multipart/encrypted;", old, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_changes_nothing()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        using var own = KeyGenerator.Generate(Address);
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var before = Json(await store.GetKeysAsync(user.Id, Ct));

        await Assert.ThrowsAsync<VaultException>(() => vault.Get<KeyImporter>().ImportAsync(
            Address, Encoding.ASCII.GetBytes(GpgExport.ExportSecretKey(own, Password)), "wrong password", null, new KeyImportOptions(), Ct));

        Assert.Equal(before, Json(await store.GetKeysAsync(user.Id, Ct)));
        Assert.Equal(EncryptionState.Encrypted, (await store.FindUserAsync(Address, Ct))!.Encryption);
    }

    static Task<KeyImportResult> ImportPublicAsync(VaultFixture vault, UnlockedKey key, bool discard) =>
        vault.Get<KeyImporter>().ImportAsync(
            Address, Encoding.ASCII.GetBytes(key.Certificate.ToArmored()), Password, null, new KeyImportOptions(DiscardServerKey: discard), Ct);

    static async Task DeliverAsync(VaultFixture vault, string message)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    static async Task<string> ReadAsync(IMailSession session, long uid) => Encoding.UTF8.GetString(await ReadBytesAsync(session, uid));

    static async Task<byte[]> ReadBytesAsync(IMailSession session, long uid)
    {
        await using var stream = await session.OpenMessageAsync("INBOX", uid, Ct);
        var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes, Ct);
        return bytes.ToArray();
    }

    static async Task<IReadOnlyList<SearchDocumentRecord>> SearchDocumentsAsync(VaultFixture vault)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var inbox = (await store.FindMailboxAsync(user.Id, "INBOX", Ct))!;
        return await store.ListSearchDocumentsAsync(inbox.Id, MetadataForm.PublicKey, 0, int.MaxValue, Ct);
    }

    static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
