// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text;
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Recovery;

namespace Lockbox.Vault.Tests.Recovery;

/// <summary>The running server's sweep (docs/decisions/0038): leftovers past the in-flight grace go, nothing younger and nothing referenced.</summary>
public sealed class LeftoverSweepTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly TimeSpan Old = StoreOptions.InFlightGrace + TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Old_leftovers_go_young_ones_and_referenced_blobs_stay()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var stored = await DeliverFileBlobAsync(vault);
        // The stored blob was written long ago too: a referenced blob stays whatever its age.
        File.SetLastWriteTimeUtc(BlobPath(vault, stored), DateTime.UtcNow - Old);
        var oldOrphan = PlantedLeftover.Blob(Blobs(vault), Old);
        var youngOrphan = PlantedLeftover.Blob(Blobs(vault), TimeSpan.FromMinutes(10));
        var oldTemp = PlantedLeftover.Temp(Blobs(vault), Old);
        var youngTemp = PlantedLeftover.Temp(Blobs(vault), TimeSpan.Zero);

        var report = await vault.Get<StartupCheck>().SweepAsync(Ct);

        Assert.Equal(new LeftoverReport(TempFilesRemoved: 1, OrphanBlobsRemoved: 1, MissingBlobs: 0), report);
        Assert.False(File.Exists(oldOrphan));
        Assert.False(File.Exists(oldTemp));
        Assert.True(File.Exists(youngOrphan));
        Assert.True(File.Exists(youngTemp));
        Assert.True(File.Exists(BlobPath(vault, stored)));
    }

    [Fact]
    public async Task A_row_whose_blob_was_removed_from_outside_is_counted_and_nothing_else_happens()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var stored = await DeliverFileBlobAsync(vault);
        File.Delete(BlobPath(vault, stored));

        var report = await vault.Get<StartupCheck>().SweepAsync(Ct);

        Assert.Equal(new LeftoverReport(TempFilesRemoved: 0, OrphanBlobsRemoved: 0, MissingBlobs: 1), report);
    }

    [Fact]
    public async Task The_sweep_waits_for_an_exclusive_check_and_does_not_race_its_removals()
    {
        await using var vault = await VaultFixture.CreateAsync();
        var orphan = PlantedLeftover.Blob(Blobs(vault), Old);
        // A CLI job's startup check holds the delivery lock exclusively (here: the lock file, as that process would).
        var held = new FileStream(Path.Combine(vault.Directory, "data", "delivery.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var sweep = vault.Get<StartupCheck>().SweepAsync(Ct);
        await Task.Delay(300, Ct);

        Assert.False(sweep.IsCompleted);
        Assert.True(File.Exists(orphan));
        await held.DisposeAsync();
        Assert.Equal(1, (await sweep).OrphanBlobsRemoved);
    }

    /// <summary>A message over the inline limit, so its blob is a file (docs/decisions/0036); returns the blob's ID.</summary>
    static async Task<string> DeliverFileBlobAsync(VaultFixture vault)
    {
        await vault.Get<AccountService>().CreateUserAsync("alice@example.org", "pw", encrypt: true, Ct);
        var body = Convert.ToBase64String(RandomNumberGenerator.GetBytes(120_000), Base64FormattingOptions.InsertLineBreaks);
        var message = Encoding.ASCII.GetBytes($"Subject: big\r\n\r\n{body}\r\n");
        var result = Assert.Single(await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest(["alice@example.org"], "x@example.net"), new MemoryStream(message), Ct));
        Assert.Equal(DeliveryStatus.Stored, result.Status);
        var store = vault.Get<IMailStore>();
        var user = (await store.FindUserAsync("alice@example.org", Ct))!;
        var row = Assert.Single(await store.ListMessagesAsync((await store.FindMailboxAsync(user.Id, "INBOX", Ct))!.Id, Ct));
        Assert.Contains(row.BlobId, vault.Get<FileBlobStore>().ListBlobIds());
        return row.BlobId;
    }

    static string Blobs(VaultFixture vault) => Path.Combine(vault.Directory, "data", "blobs");

    static string BlobPath(VaultFixture vault, string blobId) => Path.Combine(Blobs(vault), blobId[..2], blobId);
}
