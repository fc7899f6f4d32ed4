// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Sessions;

public sealed class MailSessionMailboxTests
{
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_makes_missing_superiors_and_refuses_a_taken_name()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await OpenAsync(vault, encrypt: false);

        await session.CreateMailboxAsync("Projects/2026/Q1", Ct);

        var names = (await session.ListMailboxesAsync(Ct)).Select(m => m.Name).ToList();
        Assert.Contains("Projects", names);
        Assert.Contains("Projects/2026", names);
        Assert.Contains("Projects/2026/Q1", names);
        var taken = await Assert.ThrowsAsync<MailboxOperationException>(() => session.CreateMailboxAsync("Projects/2026", Ct));
        Assert.Equal(MailboxError.AlreadyExists, taken.Error);
        var inbox = await Assert.ThrowsAsync<MailboxOperationException>(() => session.CreateMailboxAsync("inbox", Ct));
        Assert.Equal(MailboxError.AlreadyExists, inbox.Error);
    }

    [Fact]
    public async Task Delete_refuses_inbox_and_parents_and_removes_the_blobs_of_a_leaf()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await OpenAsync(vault, encrypt: true);
        await session.CreateMailboxAsync("Old/Leaf", Ct);
        await session.AppendAsync("Old/Leaf", [], null, Message("to be deleted"), Ct);
        var before = (await vault.BlobIdsAsync()).Count;

        Assert.Equal(MailboxError.NotAllowed, (await Assert.ThrowsAsync<MailboxOperationException>(() => session.DeleteMailboxAsync("INBOX", Ct))).Error);
        Assert.Equal(MailboxError.HasChildren, (await Assert.ThrowsAsync<MailboxOperationException>(() => session.DeleteMailboxAsync("Old", Ct))).Error);
        await session.DeleteMailboxAsync("Old/Leaf", Ct);
        await session.DeleteMailboxAsync("Old", Ct);

        await Assert.ThrowsAsync<MailboxNotFoundException>(() => session.DeleteMailboxAsync("Old", Ct));
        Assert.Equal(before - 1, (await vault.BlobIdsAsync()).Count);
        Assert.Contains("Old/Leaf", await session.ListSubscriptionsAsync(Ct));
    }

    [Fact]
    public async Task Rename_refuses_moving_into_itself_and_onto_a_taken_name()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await OpenAsync(vault, encrypt: false);
        await session.CreateMailboxAsync("A/B", Ct);

        Assert.Equal(MailboxError.NotAllowed, (await Assert.ThrowsAsync<MailboxOperationException>(() => session.RenameMailboxAsync("A", "A/B/C", Ct))).Error);
        Assert.Equal(MailboxError.AlreadyExists, (await Assert.ThrowsAsync<MailboxOperationException>(() => session.RenameMailboxAsync("A/B", "Sent", Ct))).Error);
        await Assert.ThrowsAsync<MailboxNotFoundException>(() => session.RenameMailboxAsync("Missing", "Z", Ct));
        await session.RenameMailboxAsync("A", "X/Y", Ct);

        var names = (await session.ListMailboxesAsync(Ct)).Select(m => m.Name).ToList();
        Assert.Contains("X", names);
        Assert.Contains("X/Y/B", names);
        Assert.DoesNotContain("A", names);
    }

    [Fact]
    public async Task Append_stores_the_exact_bytes_encrypted_with_flags_and_date_and_returns_the_uid()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await OpenAsync(vault, encrypt: true);
        var text = "From: alice@example.org\r\nSubject: appended canary\r\n\r\nbody canary\r\n";
        var date = new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.FromHours(2));

        var first = await session.AppendAsync("Sent", ["\\Seen", "\\Draft", "$Keyword"], date, Message(text), Ct);
        var second = await session.AppendAsync("Sent", [], null, Message(text), Ct);

        var sent = (await session.ListMailboxesAsync(Ct)).Single(m => m.Name == "Sent");
        Assert.Equal(new AppendResult(sent.UidValidity, 1), first);
        Assert.Equal(2, second.Uid);
        var info = (await session.ListMessagesAsync("Sent", Ct))[0];
        Assert.Equal(["\\Seen", "\\Draft"], info.Flags);
        Assert.Equal(date.UtcDateTime, info.InternalDate);
        await using (var stream = await session.OpenMessageAsync("Sent", first.Uid, Ct))
        {
            using var reader = new StreamReader(stream);
            Assert.Equal(text, await reader.ReadToEndAsync(Ct));
        }

        var stored = Directory.EnumerateFiles(Path.Combine(vault.Directory, "data"), "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f, Encoding.Latin1).Contains("canary", StringComparison.Ordinal));
        Assert.Empty(stored);
        await Assert.ThrowsAsync<MailboxNotFoundException>(() => session.AppendAsync("Nowhere", [], null, Message(text), Ct));
    }

    [Fact]
    public async Task Renaming_inbox_moves_appended_mail_and_leaves_inbox_empty()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await using var session = await OpenAsync(vault, encrypt: true);
        await session.AppendAsync("INBOX", [], null, Message("Subject: one\r\n\r\n1\r\n"), Ct);

        await session.RenameMailboxAsync("INBOX", "Before", Ct);

        Assert.Empty(await session.ListMessagesAsync("INBOX", Ct));
        var moved = Assert.Single(await session.ListMessagesAsync("Before", Ct));
        await using var stream = await session.OpenMessageAsync("Before", moved.Uid, Ct);
        Assert.Equal("Subject: one\r\n\r\n1\r\n", await new StreamReader(stream).ReadToEndAsync(Ct));
    }

    static MemoryStream Message(string text) => new(Encoding.ASCII.GetBytes(text));

    static async Task<IMailSession> OpenAsync(VaultFixture vault, bool encrypt)
    {
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt, Ct);
        return await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);
    }
}
