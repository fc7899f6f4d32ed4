// SPDX-License-Identifier: MIT
using System.Runtime.Versioning;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Offline;

namespace Lockbox.Tests.Commands;

/// <summary>Runs the real <c>lockbox</c> executable (DESIGN.md section 5) for the offline master key verbs.</summary>
[UnsupportedOSPlatform("windows")] // file modes are part of what is tested
public sealed class MasterKeyCommandTests(MasterKeyShareSetFixture set) : IClassFixture<MasterKeyShareSetFixture>, IDisposable
{
    const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    readonly string _work = Directory.CreateTempSubdirectory("lockbox-master-key-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Create_writes_the_public_key_and_an_owner_only_secret_key()
    {
        var output = Path.Combine(_work, "master");

        var result = await RunAsync("master-key", "create", "--out", output);

        Assert.Equal(0, result.ExitCode);
        var publicKey = PublicCertificate.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "master.pub.asc"), Ct));
        using var secretKey = MasterSecretKey.Parse(await File.ReadAllBytesAsync(Path.Combine(output, "master.sec.asc"), Ct));
        Assert.Equal(publicKey.Fingerprint, secretKey.Fingerprint);
        Assert.Equal(["Lockbox escrow master key"], publicKey.UserIds);
        Assert.Equal("Ed25519", publicKey.PrimaryAlgorithm);
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(output, "master.sec.asc")));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.Combine(output, "master.pub.asc")) & UnixFileMode.OtherWrite);
        Assert.Equal(
            [$"wrote {Path.Combine(output, "master.pub.asc")}", $"wrote {Path.Combine(output, "master.sec.asc")}", $"fingerprint {publicKey.Fingerprint}"],
            Lines(result.Stdout));
    }

    [Fact]
    public async Task Create_with_shares_writes_owner_only_share_files_and_no_secret_key()
    {
        Assert.False(File.Exists(Path.Combine(set.SetDirectory, "master.sec.asc")));
        Assert.Equal(40, set.Fingerprint.Length);
        for (var k = 1; k <= 5; k++)
        {
            var path = set.Share(k);
            Assert.Equal(Private, File.GetUnixFileMode(path));
            var share = SecretShare.Parse(await File.ReadAllTextAsync(path, Ct));
            Assert.Equal((k, 5, 3), (share.Index, share.ShareCount, share.Threshold));
        }
    }

    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(3, 4, 5)]
    [InlineData(5, 1, 3)]
    public async Task Combining_three_of_five_shares_rebuilds_the_key_of_master_pub(int a, int b, int c)
    {
        var output = Path.Combine(_work, "master.sec.asc");

        var result = await RunAsync("master-key", "combine", "--out", output, set.Share(a), set.Share(b), set.Share(c));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"wrote {output}", $"fingerprint {set.Fingerprint}"], Lines(result.Stdout));
        Assert.Equal(Private, File.GetUnixFileMode(output));
        using var combined = MasterSecretKey.Parse(await File.ReadAllBytesAsync(output, Ct));
        Assert.Equal(set.Fingerprint, combined.Fingerprint);
    }

    [Fact]
    public async Task Two_of_five_shares_fail_with_one_line_and_exit_2()
    {
        var output = Path.Combine(_work, "master.sec.asc");

        var result = await RunAsync("master-key", "combine", "--out", output, set.Share(2), set.Share(4));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Matches("^lockbox: need 3 shares of set [0-9A-F]{32}, got 2$", line);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_mistyped_share_fails_with_one_line_naming_the_file()
    {
        var text = await File.ReadAllTextAsync(set.Share(1), Ct);
        var lines = text.Split('\n');
        lines[5] = (lines[5][0] == 'A' ? "B" : "A") + lines[5][1..];
        var damaged = Path.Combine(_work, "damaged.txt");
        await File.WriteAllTextAsync(damaged, string.Join('\n', lines), Ct);

        var result = await RunAsync("master-key", "combine", "--out", Path.Combine(_work, "out.asc"), damaged, set.Share(2), set.Share(3));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Stderr));
        Assert.StartsWith($"lockbox: {damaged}: share 1 of set ", line, StringComparison.Ordinal);
        Assert.EndsWith("checksum mismatch, the share was mistyped or damaged", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shares_of_different_sets_fail_with_one_line()
    {
        var other = Path.Combine(_work, "other");
        Assert.Equal(0, (await RunAsync("master-key", "create", "--out", other, "--shares", "3", "--threshold", "2")).ExitCode);

        var result = await RunAsync("master-key", "combine", "--out", Path.Combine(_work, "out.asc"), set.Share(1), set.Share(2), Path.Combine(other, "share-1-of-3.txt"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("lockbox: the shares come from different sets: ", Assert.Single(Lines(result.Stderr)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_refuses_to_overwrite_existing_files()
    {
        var output = Path.Combine(_work, "master");
        Directory.CreateDirectory(output);
        var existing = Path.Combine(output, "master.sec.asc");
        await File.WriteAllTextAsync(existing, "keep me", Ct);

        var result = await RunAsync("master-key", "create", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"lockbox: {existing} already exists; refusing to overwrite it", Assert.Single(Lines(result.Stderr)));
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, Ct));
        Assert.False(File.Exists(Path.Combine(output, "master.pub.asc")));
    }

    [Fact]
    public async Task Combine_refuses_to_overwrite_its_output()
    {
        var output = Path.Combine(_work, "master.sec.asc");
        await File.WriteAllTextAsync(output, "keep me", Ct);

        var result = await RunAsync("master-key", "combine", "--out", output, set.Share(1), set.Share(2), set.Share(3));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(Lines(result.Stderr));
        Assert.Equal("keep me", await File.ReadAllTextAsync(output, Ct));
    }

    [Theory]
    [InlineData("--shares", "3")]
    [InlineData("--threshold", "2")]
    public async Task Shares_and_threshold_go_together(string option, string value)
    {
        var result = await RunAsync("master-key", "create", "--out", Path.Combine(_work, "master"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("lockbox: --shares and --threshold go together: give both, or neither", Assert.Single(Lines(result.Stderr)));
    }

    [Theory]
    [InlineData("5", "6")]
    [InlineData("3", "1")]
    [InlineData("256", "2")]
    public async Task Out_of_range_share_counts_are_refused(string shares, string threshold)
    {
        var result = await RunAsync("master-key", "create", "--out", Path.Combine(_work, "master"), "--shares", shares, "--threshold", threshold);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("lockbox: need 2 <= --threshold <= --shares <= 255", Assert.Single(Lines(result.Stderr)), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "master")));
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments) => LockboxProcess.RunAsync(arguments);

    static string[] Lines(string text) => LockboxProcess.Lines(text);
}
