// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 8, "<c>lockbox doctor</c> reports a broken certificate path and a missing master key in plain words": one
/// line per check, ok / WARNING / ERROR, exit 1 on any ERROR and 0 on a healthy installation.
/// </summary>
public sealed class DoctorTests
{
    const string User = "alice@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_healthy_installation_passes_every_check_and_exits_0()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(User, Password, encrypt: true);
        await data.DeliverAsync(User, CliDataDirectory.Message("doctor"));
        var master = data.Scratch("master");
        CliAssert.Succeeds(await LockboxCli.RunAsync((string?)null, "master-key", "create", "--out", master));
        CliAssert.Succeeds(await data.RunAsync(null, "escrow", "install-master", Path.Combine(master, "master.pub.asc")));
        var (certificate, key) = WritePemPair(data, "good", "good");
        var environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Tls__CertificatePath"] = certificate,
            ["LOCKBOX__Tls__KeyPath"] = key,
            ["LOCKBOX__Escrow__Mode"] = "opt-in",
        };

        var result = await LockboxCli.RunAsync((string?)null, environment, "doctor", "--data", data.Path);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.StartsWith("ok ", l, StringComparison.Ordinal));
        string[] checks = ["configuration", "data directory", "blob directory", "certificate", "libargon2", "storage quota", "database", "escrow master key", "audit log"];
        Assert.Equal(checks, lines.Select(l => l[8..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Contains("and its key match, valid until", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", "ok      storage quota: no limit by default (`lockbox user quota` can give a user one)")]
    [InlineData("10737418240", "", "ok      storage quota: 10737418240 bytes per user unless their own; mail for a full mailbox is bounced (552 5.2.2); a notice at 90%")]
    [InlineData("10G", "", "ERROR   storage quota: Failed to convert configuration value '10G' at 'Quota:StorageLimit' to type 'System.Int64'. (Quota:StorageLimit is a number of bytes, 0 for none)")]
    [InlineData("-1", "", "ERROR   storage quota: Quota:StorageLimit is -1: give a number of bytes, 0 for no limit")]
    [InlineData("1000", "150", "ERROR   storage quota: Quota:WarningPercent is 150: give 1 to 100, or 0 for no warning")]
    public async Task The_quota_settings_are_read_as_meant_or_named_as_wrong(string limit, string warning, string line)
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(User, Password, encrypt: false);
        var environment = new Dictionary<string, string>();
        if (limit.Length > 0)
        {
            environment["LOCKBOX__Quota__StorageLimit"] = limit;
        }

        if (warning.Length > 0)
        {
            environment["LOCKBOX__Quota__WarningPercent"] = warning;
        }

        var result = await LockboxCli.RunAsync((string?)null, environment, "doctor", "--data", data.Path);

        Assert.Contains(line + "\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(line.StartsWith("ERROR", StringComparison.Ordinal) ? 1 : 0, result.ExitCode == 0 ? 0 : 1);
    }

    [Fact]
    public async Task A_broken_certificate_path_and_a_missing_master_key_are_errors_in_plain_words()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(User, Password, encrypt: false);
        var missing = data.Scratch("tls/mail.example.org.crt");
        var environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Tls__CertificatePath"] = missing,
            ["LOCKBOX__Tls__KeyPath"] = data.Scratch("tls/mail.example.org.key"),
            ["LOCKBOX__Escrow__Mode"] = "mandatory",
        };

        var result = await LockboxCli.RunAsync((string?)null, environment, "doctor", "--data", data.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"ERROR   certificate: the file {missing} named by Tls:CertificatePath does not exist; serve will not start\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ERROR   escrow master key: escrow is mandatory but no escrow master public key is installed, so no key can be escrowed; "
            + $"install it with `lockbox escrow install-master master.pub.asc --data {data.Path}`\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok      database: opens, schema version", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_belong_to_the_certificate_and_a_world_readable_data_directory_are_errors()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(User, Password, encrypt: false);
        var (certificate, _) = WritePemPair(data, "one", "one");
        var (_, otherKey) = WritePemPair(data, "two", "two");
        File.SetUnixFileMode(data.Path, File.GetUnixFileMode(data.Path) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var environment = new Dictionary<string, string>
        {
            ["LOCKBOX__Tls__CertificatePath"] = certificate,
            ["LOCKBOX__Tls__KeyPath"] = otherKey,
        };

        var result = await LockboxCli.RunAsync((string?)null, environment, "doctor", "--data", data.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"ERROR   certificate: {certificate} and {otherKey} are not a PEM certificate and its private key", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ERROR   data directory: {data.Path} is open to every local user (mode 0705); run chmod 0700 {data.Path}", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>A self-signed ECDSA certificate valid for a year, as PEM files in the scratch area.</summary>
    static (string Certificate, string Key) WritePemPair(CliDataDirectory data, string certificateName, string keyName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mail.example.org", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        var certificatePath = data.Scratch(certificateName + ".crt");
        var keyPath = data.Scratch(keyName + ".key");
        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
