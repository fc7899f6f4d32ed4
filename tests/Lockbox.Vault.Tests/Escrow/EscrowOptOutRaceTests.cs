// SPDX-License-Identifier: MIT
using System.Reflection;
using System.Text;
using Lockbox.Crypto.Offline;
using Lockbox.Crypto.Protection;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Consent;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Policy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lockbox.Vault.Tests.Escrow;

/// <summary>
/// Issue 5: "after an opt-out, no escrow copy exists on disk", also when the opt-out commits while a login is bringing
/// the user's copies up to date (docs/decisions/0019).
/// </summary>
public sealed class EscrowOptOutRaceTests
{
    const string Address = "hana@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_opt_out_committing_between_a_logins_choice_read_and_its_copy_write_leaves_no_copy_and_the_login_unharmed()
    {
        await using var vault = await VaultFixture.CreateAsync(escrowMode: "opt-out");
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, Ct);
        // Installed after the user's key was made, so the login has a copy to write.
        using var master = MasterKeyCeremony.Generate();
        await vault.Get<EscrowMaster>().InstallAsync(Encoding.ASCII.GetBytes(master.PublicKey.ToArmored()), Ct);
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync(Address, Ct))!;
        var optOut = vault.Get<EscrowService>();
        // The real store, with the opt-out run just before the login's copy write reaches it: the interleaving of the race.
        var racing = OptOutFirst.Wrap(store, () => optOut.OptOutAsync(Address, Password, ConsentActor.User, Ct));
        var keeper = new EscrowKeeper(racing, vault.Get<EscrowMaster>(), vault.Get<EscrowPolicy>(), vault.Get<UnlockGate>(), NullLogger<EscrowKeeper>.Instance);
        using var key = KeyProtector.Unlock(Assert.Single(await store.GetKeysAsync(user.Id, Ct)).ProtectedSecretKey!, Password);

        await keeper.RefreshAtLoginAsync(user, [key], Ct);

        Assert.Equal(EscrowChoice.OptedOut, await store.GetEscrowChoiceAsync(user.Id, Ct));
        Assert.Empty(await store.GetEscrowCopiesAsync(user.Id, Ct));
        Assert.Equal(EscrowRefresh.NotKept, await keeper.RefreshAsync(user, [key], Ct));
    }

    /// <summary>An <see cref="IMailStore"/> that runs an action once before forwarding the first escrow copy write.</summary>
    public class OptOutFirst : DispatchProxy
    {
        IMailStore _inner = null!;
        Func<Task>? _before;

        public static IMailStore Wrap(IMailStore inner, Func<Task> before)
        {
            var proxy = Create<IMailStore, OptOutFirst>();
            var self = (OptOutFirst)(object)proxy;
            self._inner = inner;
            self._before = before;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IMailStore.PutEscrowCopiesAsync) && _before is { } before)
            {
                _before = null;
                return ForwardAfterAsync(before, targetMethod, args);
            }

            return targetMethod.Invoke(_inner, args);
        }

        async Task<bool> ForwardAfterAsync(Func<Task> before, MethodInfo targetMethod, object?[]? args)
        {
            await before();
            return await (Task<bool>)targetMethod.Invoke(_inner, args)!;
        }
    }
}
