// SPDX-License-Identifier: MIT
using Lockbox.Cli;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>Issue 5, "the server refuses a secret key passed to install-master", with keys from <c>master-key create</c>.</summary>
public sealed class EscrowInstallMasterTests
{
    [Fact]
    public async Task The_public_key_installs_and_the_secret_key_is_refused_and_never_stored()
    {
        using var data = new CliDataDirectory();
        var master = data.Scratch("master");
        var created = CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", master)).Stdout;
        var fingerprint = created.Split('\n').Single(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))["fingerprint ".Length..];

        var refused = CliAssert.FailsWithOneLine(
            await data.RunAsync(null, "escrow", "install-master", Path.Combine(master, "master.sec.asc")), ExitCodes.Rejected);
        Assert.Contains("is a secret key", refused, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "escrow")));

        Assert.Equal($"installed escrow master public key {fingerprint}\n",
            CliAssert.Succeeds(await data.RunAsync(null, "escrow", "install-master", Path.Combine(master, "master.pub.asc"))).Stdout);
        var stored = await File.ReadAllTextAsync(Path.Combine(data.Path, "escrow", "master.pub.asc"), TestContext.Current.CancellationToken);
        Assert.Contains("BEGIN PGP PUBLIC KEY BLOCK", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", stored, StringComparison.Ordinal);
        Assert.Contains("escrow-master-installed", CliAssert.Succeeds(await data.RunAsync(null, "audit", "show", "(server)")).Stdout, StringComparison.Ordinal);
    }
}
