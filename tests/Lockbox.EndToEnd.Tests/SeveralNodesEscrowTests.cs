// SPDX-License-Identifier: MIT
using System.Text.Json;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// docs/decisions/0039: the escrow master public key lives in the store, so a key installed through one node is the key
/// every node escrows to. Before it was a file in each node's data directory, and a node without the file refused every
/// new key under mandatory escrow.
/// </summary>
public sealed class SeveralNodesEscrowTests
{
    const string User = "escrowed@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_master_key_installed_through_one_node_is_the_one_another_node_escrows_to()
    {
        await using var nodes = await PostgresNodes.CreateAsync(Ct);
        var mandatory = nodes.Environment.Concat([new("LOCKBOX__Escrow__Mode", "mandatory")]).ToDictionary();
        var master = Path.Combine(nodes.Root, "master");
        var fingerprint = await LockboxVerbs.CreateMasterKeyAsync(master);

        (await LockboxCli.RunAsync((string?)null, mandatory, "escrow", "install-master", Path.Combine(master, "master.pub.asc"), "--data", nodes.DataOf("a"))).EnsureSuccess();

        // Node B never saw the key's file: its user add escrows the new key to the master installed through A.
        (await LockboxCli.RunAsync(Password + "\n", mandatory, "user", "add", User, "--password-stdin", "--encrypt", "--data", nodes.DataOf("b"))).EnsureSuccess();
        var doctor = await LockboxCli.RunAsync((string?)null, mandatory, "doctor", "--data", nodes.DataOf("b"));
        Assert.Contains($"ok      escrow master key: escrow is mandatory and master public key {fingerprint} is installed in the store\n", doctor.Stdout, StringComparison.Ordinal);
        var request = Path.Combine(nodes.Root, "request.json");
        (await LockboxCli.RunAsync((string?)null, mandatory, "escrow", "export", User, "--out", request, "--data", nodes.DataOf("b"))).EnsureSuccess();
        using var exported = JsonDocument.Parse(await File.ReadAllBytesAsync(request, Ct));
        Assert.Equal(fingerprint, exported.RootElement.GetProperty("master").GetString());
    }
}
