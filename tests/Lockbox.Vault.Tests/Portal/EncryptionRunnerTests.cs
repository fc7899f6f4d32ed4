// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Portal;

namespace Lockbox.Vault.Tests.Portal;

/// <summary>
/// "Encrypt my mailbox" in the background (docs/decisions/0021): the job started by <see cref="IKeyPortal"/> runs in the
/// server, its progress only moves forward, a server stopped mid-way resumes at its next start, and a run in another
/// process (the CLI) keeps it from running twice.
/// </summary>
public sealed class EncryptionRunnerTests
{
    const string Address = "olga@example.org";
    const string Password = PortalMail.Password;
    const int Messages = 300;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starting_returns_at_once_and_the_progress_climbs_to_100_percent_without_ever_going_back()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        await PortalMail.DeliverAsync(vault, Address, Messages, Ct);
        var portal = vault.Get<IKeyPortal>();
        var label = (await portal.GetConsentTextAsync(ConsentKind.Encryption, Ct)).Label;

        var started = await portal.StartEncryptionAsync(Address, Password, label, Ct);

        Assert.Equal(Messages, started.Total);
        Assert.False(started.Finished);
        var seen = new List<EncryptionProgress>();
        while (seen.Count == 0 || !seen[^1].Finished)
        {
            seen.Add((await portal.GetEncryptionProgressAsync(Address, Ct))!);
            Assert.Null(seen[^1].Error);
            await Task.Delay(5, Ct);
        }

        Assert.All(seen.Zip(seen.Skip(1)), pair =>
        {
            Assert.True(pair.Second.Done >= pair.First.Done, $"progress went back from {pair.First.Done} to {pair.Second.Done}");
            Assert.True(pair.Second.Percent >= pair.First.Percent);
            Assert.True(pair.Second.State >= pair.First.State);
        });
        Assert.Contains(seen, p => p.Done > 0 && p.Done < Messages);
        var last = seen[^1];
        Assert.Equal((Messages, Messages, 100, false), (last.Done, last.Total, last.Percent, last.Running));
        Assert.NotNull(last.FinishedUtc);
        var store = vault.Get<IMailStore>();
        Assert.Empty(await store.ListCleartextMessagesAsync((await store.FindUserAsync(Address, Ct))!.Id, 10, Ct));
        Assert.Equal(Messages, (await PortalMail.ReadAllAsync(vault, Address, Password, Ct)).Count(t => t.Contains("body of message", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_stopped_mid_way_resumes_the_job_at_its_next_start_and_finishes_it()
    {
        // Both fixtures open this directory, as two runs of the server do; neither deletes it.
        var directory = Directory.CreateTempSubdirectory("lockbox-vault-").FullName;
        long stoppedAt;
        await using (var vault = await VaultFixture.CreateAsync(reopen: directory))
        {
            await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
            await PortalMail.DeliverAsync(vault, Address, Messages, Ct);
            var portal = vault.Get<IKeyPortal>();
            await portal.StartEncryptionAsync(Address, Password, (await portal.GetConsentTextAsync(ConsentKind.Encryption, Ct)).Label, Ct);
            while ((await portal.GetEncryptionProgressAsync(Address, Ct))!.Done < 10)
            {
                await Task.Delay(1, Ct);
            }

            // Disposing the container is the host's shutdown: the runner stops at the job's next crash-safe step.
            await vault.Get<EncryptionRunner>().StopAsync(Ct);
            var stopped = (await portal.GetEncryptionProgressAsync(Address, Ct))!;
            stoppedAt = stopped.Done;
            Assert.False(stopped.Running);
            Assert.Equal(EncryptionMigrationState.Encrypting, stopped.State);
        }

        Assert.InRange(stoppedAt, 10, Messages - 1);
        await using (var restarted = await VaultFixture.CreateAsync(reopen: directory))
        {
            var portal = restarted.Get<IKeyPortal>();
            Assert.Equal(1, await restarted.Get<EncryptionRunner>().ResumeAsync(Ct));
            EncryptionProgress progress;
            while (!(progress = (await portal.GetEncryptionProgressAsync(Address, Ct))!).Finished)
            {
                Assert.InRange(progress.Done, stoppedAt, Messages);
                await Task.Delay(5, Ct);
            }

            Assert.Equal(Messages, progress.Done);
            Assert.Empty(await restarted.Get<IMailStore>().ListUnfinishedEncryptionsAsync(Ct));
            Assert.Equal(0, await restarted.Get<EncryptionRunner>().ResumeAsync(Ct));
            Assert.Equal(Messages, (await PortalMail.ReadAllAsync(restarted, Address, Password, Ct)).Count);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_job_another_process_runs_is_not_run_twice_and_the_runner_takes_over_when_that_one_lets_go()
    {
        await using var vault = await VaultFixture.CreateAsync();
        await vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: false, Ct);
        await PortalMail.DeliverAsync(vault, Address, 5, Ct);
        var user = (await vault.Get<IMailStore>().FindUserAsync(Address, Ct))!;
        var portal = vault.Get<IKeyPortal>();
        var held = await new MigrationLock(Path.Combine(vault.Directory, "data")).TryAcquireAsync(user.Id, Ct);
        Assert.NotNull(held);
        EncryptionProgress progress;
        await using (held)
        {
            await portal.StartEncryptionAsync(Address, Password, (await portal.GetConsentTextAsync(ConsentKind.Encryption, Ct)).Label, Ct);
            // The CLI's path refuses at once while the lock is held, so `user encrypt` says the server runs it.
            var busy = await Assert.ThrowsAsync<VaultException>(() => vault.Get<EncryptionOptIn>().ContinueAsync(Address, null, Ct));
            Assert.Equal(VaultError.Busy, busy.Error);
            await Task.Delay(300, Ct);
            progress = (await portal.GetEncryptionProgressAsync(Address, Ct))!;
            Assert.Equal((0L, true), (progress.Done, progress.Running));
        }

        while (!(progress = (await portal.GetEncryptionProgressAsync(Address, Ct))!).Finished)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(5, progress.Done);
    }
}
