// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Policy;

namespace Lockbox.Vault.Tests.Keys;

/// <summary>Issue 5, item 7: expiring keys are warned about 30 days ahead; an expired one makes delivery follow the policy.</summary>
public sealed class KeyExpiryTests
{
    const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_that_expires_within_30_days_is_warned_about_and_still_encrypted_to()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        var created = await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        Assert.Null(created.KeyExpiresUtc);
        Assert.Null(created.KeyWarning);
        var soon = await GpgKey.GenerateAsync("Alice <alice@example.org>", "10d", DateTime.UtcNow, Ct);

        await ActivateAsync(vault, soon);

        var user = Assert.Single(await accounts.ListUsersAsync(Ct));
        Assert.InRange(user.KeyExpiresUtc!.Value, DateTime.UtcNow.AddDays(9), DateTime.UtcNow.AddDays(11));
        Assert.Contains($"expires on {user.KeyExpiresUtc:yyyy-MM-dd}", user.KeyWarning, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Stored, await DeliverAsync(vault));
    }

    [Fact]
    public async Task Mail_for_an_expired_active_key_waits_under_the_default_policy()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        await ActivateAsync(vault, await GpgKey.GenerateAsync("Alice <alice@example.org>", "10d", new DateTime(2024, 1, 1), Ct));

        Assert.Equal(DeliveryStatus.TemporaryFailure, await DeliverAsync(vault));

        var user = Assert.Single(await accounts.ListUsersAsync(Ct));
        Assert.Null(user.KeyExpiresUtc);
        Assert.Contains("can no longer be encrypted to", user.KeyWarning, StringComparison.Ordinal);
        Assert.Contains("deferred", user.KeyWarning, StringComparison.Ordinal);
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.Empty(await session.ListMessagesAsync("INBOX", Ct));
    }

    [Fact]
    public async Task Under_fallback_mail_is_encrypted_to_the_newest_older_key_that_is_usable()
    {
        await using var vault = await VaultFixture.CreateAsync(encryption: o => o.ExpiredKey = ExpiredKeyAction.Fallback);
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await ActivateAsync(vault, await GpgKey.GenerateAsync("Alice <alice@example.org>", "10d", new DateTime(2024, 1, 1), Ct));

        Assert.Equal(DeliveryStatus.Stored, await DeliverAsync(vault));

        // The server-generated first key opens it: the login password unlocks that one.
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        await using var stream = await session.OpenMessageAsync("INBOX", 1, Ct);
        Assert.EndsWith("kept readable\r\n", await new StreamReader(stream).ReadToEndAsync(Ct));
    }

    /// <summary>Makes <paramref name="key"/> the active key, public only, as an import would.</summary>
    static async Task ActivateAsync(VaultFixture vault, GpgKey key)
    {
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        await store.AddKeyAsync(user.Id, new NewUserKey(key.Fingerprint, key.PublicKey, null), new AuditEntry(Address, "key-rotated", "test"), Ct);
    }

    static async Task<DeliveryStatus> DeliverAsync(VaultFixture vault)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes("Subject: hi\r\n\r\nkept readable\r\n")), Ct);
        return Assert.Single(results).Status;
    }
}
