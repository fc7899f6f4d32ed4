// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;

namespace Lockbox.Tests.Commands;

/// <summary>One 3-of-5 share set made by <c>lockbox master-key create</c>, shared by a test class: each create is a process start plus key generation.</summary>
public sealed class MasterKeyShareSetFixture : IAsyncLifetime
{
    readonly string _root = Directory.CreateTempSubdirectory("lockbox-master-shares-").FullName;

    /// <summary>Holds master.pub.asc and share-K-of-5.txt.</summary>
    public string SetDirectory => Path.Combine(_root, "set");

    /// <summary>The fingerprint of master.pub.asc.</summary>
    public string Fingerprint { get; private set; } = "";

    public string Share(int k) => Path.Combine(SetDirectory, $"share-{k}-of-5.txt");

    public async ValueTask InitializeAsync()
    {
        var result = await LockboxProcess.RunAsync("master-key", "create", "--out", SetDirectory, "--shares", "5", "--threshold", "3");
        Assert.Equal(0, result.ExitCode);
        var publicKey = PublicCertificate.Parse(await File.ReadAllBytesAsync(Path.Combine(SetDirectory, "master.pub.asc")));
        Assert.Equal($"fingerprint {publicKey.Fingerprint}", LockboxProcess.Lines(result.Stdout)[^1]);
        Fingerprint = publicKey.Fingerprint;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
