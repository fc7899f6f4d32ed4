// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Sessions;
using Q = Lockbox.Vault.Contracts.SearchQuery;

namespace Lockbox.Vault.Tests.Search;

/// <summary>The search index's life: built and sealed at delivery, re-sealed at login, cached, rebuilt when missing.</summary>
public sealed class SearchIndexTests
{
    const string Password = "correct horse battery staple";
    const string Canary = "zebracanary";
    const string Message = $"Subject: {Canary} subject\r\nFrom: bob@example.net\r\n\r\nthe body says {Canary}body\r\n";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delivery_seals_the_document_to_the_public_key_and_login_reseals_it_under_the_mailbox_key()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await SearchCorpus.DeliverAsync(vault, "alice@example.org", Message);

        var delivered = Assert.Single(await SearchCorpus.DocumentsAsync(vault));
        Assert.Equal((long)MetadataForm.PublicKey, delivered.Form);
        Assert.DoesNotContain(Canary, Encoding.Latin1.GetString(delivered.Document), StringComparison.OrdinalIgnoreCase);

        await using var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);
        var resealed = Assert.Single(await SearchCorpus.DocumentsAsync(vault));
        Assert.Equal((long)MetadataForm.MailboxKey, resealed.Form);
        Assert.DoesNotContain(Canary, Encoding.Latin1.GetString(resealed.Document), StringComparison.OrdinalIgnoreCase);
        // The re-seal decrypted the document once: it is in the session's cache, so the search decrypts nothing.
        Assert.True(session.State.Caches.SearchDocuments.Size > 0);
        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Body, null, Canary + "BODY"), Ct));
        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Header, "subject", Canary), Ct));
    }

    [Fact]
    public async Task Mail_that_arrives_during_a_session_is_found_and_resealed_by_the_search()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);
        await SearchCorpus.DeliverAsync(vault, "alice@example.org", Message);

        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Text, null, Canary), Ct));
        Assert.Equal((long)MetadataForm.MailboxKey, Assert.Single(await SearchCorpus.DocumentsAsync(vault)).Form);
    }

    [Fact]
    public async Task A_message_without_a_document_gets_one_built_from_its_blob_and_stored_sealed()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await SearchCorpus.DeliverAsync(vault, "alice@example.org", Message);
        // As for mail stored before schema version 3.
        await SearchCorpus.ExecuteAsync(vault, "DELETE FROM search_documents;");

        await using var session = await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);

        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Body, null, Canary), Ct));
        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Header, "Delivered-To", "alice"), Ct));
        var rebuilt = Assert.Single(await SearchCorpus.DocumentsAsync(vault));
        Assert.Equal((long)MetadataForm.MailboxKey, rebuilt.Form);
        Assert.DoesNotContain(Canary, Encoding.Latin1.GetString(rebuilt.Document), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cleartext_user_has_a_cleartext_index_that_searches_the_same_way()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("carol@example.org", Password, encrypt: false, Ct);
        await SearchCorpus.DeliverAsync(vault, "carol@example.org", Message);

        var document = Assert.Single(await SearchCorpus.DocumentsAsync(vault));
        Assert.Equal((long)MetadataForm.Clear, document.Form);
        Assert.Contains(Canary + "body", Encoding.UTF8.GetString(document.Document), StringComparison.Ordinal);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync("carol@example.org", Password, Ct);
        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Body, null, Canary.ToUpperInvariant()), Ct));
    }

    [Fact]
    public async Task Public_key_only_user_gets_flag_and_size_keys_but_no_text_keys()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("pat@example.org", Password, encrypt: false, Ct);
        using var own = KeyGenerator.Generate("pat@example.org");
        await vault.Get<KeyImporter>().ImportAsync(
            "pat@example.org", Encoding.ASCII.GetBytes(own.Certificate.ToArmored()), Password, null, new KeyImportOptions(), Ct);
        await SearchCorpus.DeliverAsync(vault, "pat@example.org", Message);

        await using var session = await vault.Get<ISessionService>().OpenSessionAsync("pat@example.org", Password, Ct);

        Assert.Equal(MailAccess.PublicKeyOnly, session.Access);
        await Assert.ThrowsAsync<SearchUnavailableException>(() => session.SearchAsync("INBOX", new Q.Text(SearchTextScope.Body, null, "x"), Ct));
        await Assert.ThrowsAsync<SearchUnavailableException>(() => session.SearchAsync(
            "INBOX", new Q.Negated(new Q.DateMatch(SearchDateSource.Sent, SearchDateRelation.On, new DateOnly(2026, 1, 1))), Ct));
        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Flag(@"\Seen", false), Ct));
        Assert.Equal([1], await session.SearchAsync("INBOX", new Q.Size(true, 10), Ct));
    }

    [Fact]
    public async Task The_cache_is_zeroed_when_the_last_session_ends()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        await SearchCorpus.DeliverAsync(vault, "alice@example.org", Message);
        var session = (MailSession)await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);
        var cache = session.State.Caches.SearchDocuments;
        var blobId = Assert.Single(await vault.BlobIdsAsync());
        Assert.True(cache.TryGet(blobId, out var document));
        Assert.Contains(document, b => b != 0);

        await session.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (cache.Size > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(0, cache.Size);
        Assert.All(document, b => Assert.Equal(0, b));
    }
}
