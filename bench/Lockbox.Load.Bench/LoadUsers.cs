// SPDX-License-Identifier: MIT
using Lockbox.Hosting;
using Lockbox.Vault.Accounts;

namespace Lockbox.Load.Bench;

/// <summary>
/// Creates the run's users in a data directory before <c>lockbox serve</c> starts: the same
/// <see cref="AccountService.CreateUserAsync"/> that <c>lockbox user add --encrypt</c> runs, with the same
/// configuration (<see cref="VaultContext"/>), but in one process. Fifty <c>user add</c> processes would spend
/// most of their time starting .NET; here only the Argon2 runs remain, as many at once as Vault's unlock gate allows.
/// </summary>
public static class LoadUsers
{
    public static async Task<IReadOnlyList<LoadUser>> CreateAsync(string dataDirectory, int count, CancellationToken cancellationToken)
    {
        var users = LoadUser.Range(count);
        await using var vault = await VaultContext.OpenAsync(dataDirectory, cancellationToken);
        var accounts = vault.Get<AccountService>();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (user, ct) => await accounts.CreateUserAsync(user.Address, user.Password, encrypt: true, ct));
        return users;
    }
}
