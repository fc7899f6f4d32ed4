// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Protection;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Sessions;

/// <summary>
/// Issue 8, item 5: the key buffers a login hands out (the mailbox key's locked buffer) read all zero once the last
/// session ended and the grace period passed; seen through <see cref="LockedBuffer"/>'s capture hook.
/// </summary>
public sealed class KeyZeroingTests
{
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Key_buffers_of_a_login_read_all_zero_after_the_session_and_grace_period_end()
    {
        await using var vault = await VaultFixture.CreateAsync(gracePeriod: TimeSpan.FromMilliseconds(50));
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", Password, encrypt: true, Ct);
        var buffers = new List<byte[]>();
        LockedBuffer.CaptureInto(buffers);

        var session = await vault.Get<ISessionService>().OpenSessionAsync("alice@example.org", Password, Ct);
        // The first login also generates and wraps the mailbox key, whose temporary copy is zeroed at once; the live one is not.
        Assert.Contains(buffers, b => b.Any(x => x != 0));
        await session.DisposeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (buffers.Any(b => b.Any(x => x != 0)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.All(buffers, b => Assert.All(b, x => Assert.Equal(0, x)));
    }
}
