// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>Issue 5, item 5: a key passphrase apart from the login password.</summary>
public sealed class TwoPasswordModeTests
{
    const string Address = "alice@example.org";
    const string Password = "login password";
    const string Passphrase = "a much longer key passphrase";
    const string Message = "Subject: two passwords\r\nFrom: bob@example.net\r\n\r\nonly the passphrase opens this\r\n";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_login_password_authenticates_but_only_the_passphrase_unlocks()
    {
        await using var vault = await TwoPasswordUserAsync();
        var sessions = vault.Get<ISessionService>();

        await Assert.ThrowsAsync<KeyPassphraseRequiredException>(() => sessions.OpenSessionAsync(Address, Password, Ct));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync(Address, "wrong", Ct));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync(Address, Passphrase, Ct));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync(Address, Password, "wrong passphrase", Ct));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync(Address, "wrong", Passphrase, Ct));

        await using var session = await sessions.OpenSessionAsync(Address, Password, Passphrase, Ct);
        Assert.EndsWith(Message, await ReadAsync(session));
    }

    [Fact]
    public async Task A_password_change_keeps_the_passphrase_and_turning_the_mode_off_restores_one_password()
    {
        await using var vault = await TwoPasswordUserAsync();
        var accounts = vault.Get<AccountService>();
        var sessions = vault.Get<ISessionService>();

        await accounts.ChangePasswordAsync(Address, Password, "new login password", Ct);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => sessions.OpenSessionAsync(Address, Password, Passphrase, Ct));
        await using (var session = await sessions.OpenSessionAsync(Address, "new login password", Passphrase, Ct))
        {
            Assert.EndsWith(Message, await ReadAsync(session));
        }

        await accounts.SetKeyPassphraseAsync(Address, "new login password", Passphrase, newPassphrase: null, Ct);
        await using var alone = await sessions.OpenSessionAsync(Address, "new login password", Ct);
        Assert.EndsWith(Message, await ReadAsync(alone));
    }

    [Fact]
    public async Task A_passphrase_equal_to_the_password_or_a_wrong_password_is_refused_and_changes_nothing()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var accounts = vault.Get<AccountService>();
        await accounts.CreateUserAsync(Address, Password, encrypt: true, Ct);

        await Assert.ThrowsAsync<VaultException>(() => accounts.SetKeyPassphraseAsync(Address, Password, Password, Password, Ct));
        await Assert.ThrowsAsync<VaultException>(() => accounts.SetKeyPassphraseAsync(Address, "wrong", "wrong", Passphrase, Ct));

        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.Equal(MailAccess.Decrypting, session.Access);
    }

    static async Task<VaultFixture> TwoPasswordUserAsync()
    {
        var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([Address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(Message)), Ct);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
        await vault.Get<AccountService>().SetKeyPassphraseAsync(Address, Password, Password, Passphrase, Ct);
        return vault;
    }

    static async Task<string> ReadAsync(IMailSession session)
    {
        await using var stream = await session.OpenMessageAsync("INBOX", 1, Ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Ct);
    }
}
