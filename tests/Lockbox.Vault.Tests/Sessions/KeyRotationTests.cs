// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>Issue 5, item 7: a session open across a key rotation reads mail encrypted to the new key.</summary>
public sealed class KeyRotationTests
{
    internal const string Address = "alice@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_opened_before_the_rotation_reads_old_and_new_mail()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);
        await DeliverAsync(vault, "Subject: old\r\n\r\nto the old key\r\n");
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        await accounts.RotateKeyAsync(Address, Password, Ct);
        await DeliverAsync(vault, "Subject: new\r\n\r\nto the new key\r\n");

        Assert.EndsWith("to the old key\r\n", await ReadAsync(session, 1));
        Assert.EndsWith("to the new key\r\n", await ReadAsync(session, 2));
        await Assert.ThrowsAsync<VaultException>(() => accounts.RotateKeyAsync(Address, "wrong", Ct));
    }

    /// <summary>Delivers <paramref name="message"/> to the test user, who must get it stored.</summary>
    internal static async Task DeliverAsync(VaultFixture vault, string message)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    /// <summary>The INBOX message <paramref name="uid"/> as the session serves it.</summary>
    internal static async Task<string> ReadAsync(IMailSession session, long uid)
    {
        await using var stream = await session.OpenMessageAsync("INBOX", uid, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }
}
