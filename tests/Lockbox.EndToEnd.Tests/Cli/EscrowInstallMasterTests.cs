// SPDX-License-Identifier: MIT
using Lockbox.Cli;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, "the server refuses a secret key passed to install-master", with keys from <c>master-key create</c>; and the
/// key's place, the store (docs/decisions/0039), with the move of a file an older version left in the data directory.
/// </summary>
public sealed class EscrowInstallMasterTests
{
    [Fact]
    public async Task The_public_key_installs_and_the_secret_key_is_refused_and_never_stored()
    {
        using var data = new CliDataDirectory();
        var (master, fingerprint) = await CreateMasterAsync(data, "master");

        var refused = CliAssert.FailsWithOneLine(
            await data.RunAsync(null, "escrow", "install-master", Path.Combine(master, "master.sec.asc")), ExitCodes.Rejected);
        Assert.Contains("is a secret key", refused, StringComparison.Ordinal);
        Assert.Empty(new StoreInspector(data.Path).EscrowMaster());

        Assert.Equal($"installed escrow master public key {fingerprint}\n",
            CliAssert.Succeeds(await data.RunAsync(null, "escrow", "install-master", Path.Combine(master, "master.pub.asc"))).Stdout);
        var (storedFingerprint, stored) = Assert.Single(new StoreInspector(data.Path).EscrowMaster());
        Assert.Equal(fingerprint, storedFingerprint);
        Assert.Contains("BEGIN PGP PUBLIC KEY BLOCK", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", stored, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "escrow")));
        Assert.Contains($"escrow-master-installed\tmaster public key {fingerprint}",
            CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", "(server)")).Stdout, StringComparison.Ordinal);

        var (next, nextFingerprint) = await CreateMasterAsync(data, "next");
        CliAssert.Succeeds(await data.RunAsync(null, "escrow", "install-master", Path.Combine(next, "master.pub.asc")));
        Assert.Equal(nextFingerprint, Assert.Single(new StoreInspector(data.Path).EscrowMaster()).Fingerprint);
        Assert.Contains($"escrow-master-installed\tmaster public key {nextFingerprint} (replaces {fingerprint})",
            CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", "(server)")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_file_left_by_an_older_version_moves_into_the_store_and_one_with_another_key_is_reported()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "correct horse battery staple", encrypt: false);
        var (master, fingerprint) = await CreateMasterAsync(data, "master");
        var legacy = Path.Combine(data.Path, "escrow", "master.pub.asc");
        Directory.CreateDirectory(Path.GetDirectoryName(legacy)!);
        var optIn = new Dictionary<string, string> { ["LOCKBOX__Escrow__Mode"] = "opt-in" };
        await File.WriteAllTextAsync(legacy, "not a key", TestContext.Current.CancellationToken);
        var unusable = await LockboxCli.RunAsync((string?)null, optIn, "doctor", "--data", data.Path);
        Assert.Equal(1, unusable.ExitCode);
        Assert.Contains($"ERROR   escrow master key: {legacy}, left by an older version, cannot be moved into the store: not an OpenPGP public key", unusable.Stdout, StringComparison.Ordinal);
        Assert.Empty(new StoreInspector(data.Path).EscrowMaster());

        File.Copy(Path.Combine(master, "master.pub.asc"), legacy, overwrite: true);

        var moved = await LockboxCli.RunAsync((string?)null, optIn, "doctor", "--data", data.Path);

        Assert.Contains($"ok      escrow master key: escrow is opt-in and master public key {fingerprint} is installed in the store\n", moved.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(legacy));
        Assert.Equal(fingerprint, Assert.Single(new StoreInspector(data.Path).EscrowMaster()).Fingerprint);
        Assert.Contains($"escrow-master-installed\tmaster public key {fingerprint}, moved into the store from {legacy}",
            CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", "(server)")).Stdout, StringComparison.Ordinal);

        // Another node's file, with a key other than the store's: read by nothing, reported, left for the administrator.
        var (other, _) = await CreateMasterAsync(data, "other");
        File.Copy(Path.Combine(other, "master.pub.asc"), legacy);
        var reported = await LockboxCli.RunAsync((string?)null, optIn, "doctor", "--data", data.Path);
        Assert.Equal(0, reported.ExitCode);
        Assert.Contains($"WARNING escrow master key: {legacy} is not the store's master key and nothing reads it", reported.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(legacy));
        Assert.Equal(fingerprint, Assert.Single(new StoreInspector(data.Path).EscrowMaster()).Fingerprint);
    }

    static async Task<(string Directory, string Fingerprint)> CreateMasterAsync(CliDataDirectory data, string name)
    {
        var directory = data.Scratch(name);
        return (directory, await LockboxVerbs.CreateMasterKeyAsync(directory));
    }
}
