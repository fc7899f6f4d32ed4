// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Sessions;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>
/// Docs/decisions/0027: one Vault holds the user unlocked for an open session (the server); a second Vault over the same
/// data (the administrator's CLI, another process) changes the credentials. The server's next login must not take the
/// unlocked state's word for the old secret, nor serve a key set the change made incomplete.
/// </summary>
public sealed class CredentialVersionTests
{
    const string Address = KeyRotationTests.Address;
    const string Password = "the login password";
    const string Other = "something else entirely";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_password_changed_by_another_process_stops_the_old_one_at_once_and_the_open_session_continues()
    {
        await using var server = await ServerAsync();
        await using var open = await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        await using (var cli = await VaultFixture.CreateAsync(reopen: server.Directory))
        {
            await cli.Get<AccountService>().ChangePasswordAsync(Address, Password, Other, Ct);
        }

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct));
        await using var fresh = await server.Get<ISessionService>().OpenSessionAsync(Address, Other, Ct);
        Assert.EndsWith("before\r\n", await ReadAsync(fresh, 1));
        Assert.EndsWith("before\r\n", await ReadAsync(open, 1));
    }

    [Fact]
    public async Task A_key_passphrase_set_by_another_process_makes_the_next_login_ask_for_it()
    {
        await using var server = await ServerAsync();
        await using var open = await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        await using (var cli = await VaultFixture.CreateAsync(reopen: server.Directory))
        {
            await cli.Get<AccountService>().SetKeyPassphraseAsync(Address, Password, Password, Other, Ct);
        }

        // The login password alone still authenticates, but it no longer opens the key (two-password mode).
        await Assert.ThrowsAsync<KeyPassphraseRequiredException>(() => server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct));
        await using var fresh = await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Other, Ct);
        Assert.EndsWith("before\r\n", await ReadAsync(fresh, 1));
    }

    [Fact]
    public async Task A_key_rotated_by_another_process_is_unlocked_by_the_next_login_with_the_same_password()
    {
        await using var server = await ServerAsync();
        await using var open = await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        await using (var cli = await VaultFixture.CreateAsync(reopen: server.Directory))
        {
            await cli.Get<AccountService>().RotateKeyAsync(Address, Password, Ct);
            var rotated = Assert.Single(await cli.Get<AuditLog>().ListAsync(Address, Ct), e => e.Event == "key-rotated");
            Assert.StartsWith("new active key ", rotated.Detail, StringComparison.Ordinal);
        }

        await DeliverAsync(server, "Subject: after\r\n\r\nafter\r\n");
        await using var fresh = (MailSession)await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.Equal(2, fresh.State.Keys.Count);
        Assert.EndsWith("before\r\n", await ReadAsync(fresh, 1));
        Assert.EndsWith("after\r\n", await ReadAsync(fresh, 2));
        // The fast path comes back for the new state: a further login shares it.
        await using var third = (MailSession)await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        Assert.Same(fresh.State, third.State);
    }

    [Fact]
    public async Task Without_a_change_every_login_shares_the_first_ones_state()
    {
        await using var server = await ServerAsync();
        var version = (await server.Get<IMailStore>().FindUserAsync(Address, Ct))!.CredentialVersion;

        await using var first = (MailSession)await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);
        await using var second = (MailSession)await server.Get<ISessionService>().OpenSessionAsync(Address, Password, Ct);

        Assert.Same(first.State, second.State);
        Assert.Equal(version, first.State.User.CredentialVersion);
    }

    /// <summary>A server-side Vault with an encrypted user holding one message; its unlocked state outlives a closed session.</summary>
    static async Task<VaultFixture> ServerAsync()
    {
        var server = await VaultFixture.CreateAsync(gracePeriod: TimeSpan.FromMinutes(5));
        await server.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        await DeliverAsync(server, "Subject: before\r\n\r\nbefore\r\n");
        return server;
    }

    // KeyRotationTests delivers to and reads for the same address.
    static Task DeliverAsync(VaultFixture vault, string message) => KeyRotationTests.DeliverAsync(vault, message);

    static Task<string> ReadAsync(IMailSession session, long uid) => KeyRotationTests.ReadAsync(session, uid);
}
