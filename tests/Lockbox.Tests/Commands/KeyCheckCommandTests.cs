// SPDX-License-Identifier: MIT
namespace Lockbox.Tests.Commands;

public sealed class KeyCheckCommandTests
{
    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "keys", name);

    [Theory]
    [InlineData("gpg-future-default.asc", "E7BD70E5BAC00F49430ABFE2A7850740F7CF7509 Ed25519 primary, Cv25519 encryption subkey")]
    [InlineData("gpg-default.sec.asc", "76F34D10B8BC2E52642367A61786C6813839B27E RSA 3072 primary, RSA 3072 encryption subkey")]
    public async Task Accepted_key_exits_0_with_its_fingerprint_and_algorithms(string fixture, string line)
    {
        var result = await LockboxProcess.RunAsync("key", "check", Fixture(fixture));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"accepted: {line}\n", result.Stdout);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Rejected_key_exits_1_with_one_line_per_reason()
    {
        var result = await LockboxProcess.RunAsync("key", "check", Fixture("rsa1024.asc"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "rejected: primary key 0xD04AA598C0CB8193 is RSA 1024 bits; the minimum is 2048\n"
            + "rejected: encryption subkey 0x44981324FC8E9341 is RSA 1024 bits; the minimum is 2048\n",
            result.Stdout);
    }

    [Fact]
    public async Task Key_whose_only_encryption_subkey_is_revoked_exits_1()
    {
        var result = await LockboxProcess.RunAsync("key", "check", Fixture("revoked-encryption-subkey.asc"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "rejected: key 0x20C1EE901099D581 has no valid encryption-capable key (subkey 0xCC6877111866F266 is revoked)\n",
            result.Stdout);
    }

    [Fact]
    public async Task Garbage_file_exits_2_with_a_one_line_error_and_no_stack_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lockbox-garbage-{Guid.NewGuid():N}.asc");
        await File.WriteAllBytesAsync(path, [0x99, 0x01, 0x0d, 0x04, 0xff, 0x00, 0x42, 0x13], TestContext.Current.CancellationToken);
        try
        {
            var result = await LockboxProcess.RunAsync("key", "check", path);

            Assert.Equal(2, result.ExitCode);
            Assert.Empty(result.Stdout);
            Assert.StartsWith($"lockbox: {path}: ", result.Stderr, StringComparison.Ordinal);
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Missing_file_exits_2_with_a_one_line_error()
    {
        var path = Fixture("no-such-key.asc");

        var result = await LockboxProcess.RunAsync("key", "check", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"lockbox: cannot read {path}: Could not find file '{path}'.\n", result.Stderr);
    }

    [Fact]
    public async Task Missing_argument_is_a_usage_error_with_exit_2_not_a_rejection()
    {
        var result = await LockboxProcess.RunAsync("key", "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal("lockbox: Required argument missing for command: 'check'. (see --help)\n", result.Stderr);
    }
}
