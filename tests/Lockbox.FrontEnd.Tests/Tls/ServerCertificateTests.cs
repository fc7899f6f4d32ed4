// SPDX-License-Identifier: MIT
using System.Security.Cryptography.X509Certificates;
using Lockbox.FrontEnd.Tls;

namespace Lockbox.FrontEnd.Tests.Tls;

public sealed class ServerCertificateTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("lockbox-tls-").FullName;

    [Fact]
    public void First_start_generates_a_self_signed_certificate_with_an_owner_only_key_and_the_second_reuses_it()
    {
        using var first = ServerCertificate.LoadOrCreate(null, null, _data, TimeProvider.System);
        using var second = ServerCertificate.LoadOrCreate(null, null, _data, TimeProvider.System);

        Assert.True(first.Generated);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.True(first.Certificate.HasPrivateKey);
        var key = Path.Combine(_data, "tls", "self-signed.key");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Equal(first.CertificatePath, Path.Combine(_data, "tls", "self-signed.crt"));
    }

    [Fact]
    public void Generated_certificate_names_localhost_and_this_host_for_server_authentication()
    {
        using var certificate = ServerCertificate.LoadOrCreate(null, null, _data, TimeProvider.System);

        var names = certificate.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
        Assert.Contains("localhost", names);
        Assert.Contains(System.Net.Dns.GetHostName(), names);
        var usage = certificate.Certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        Assert.InRange(certificate.Certificate.NotAfter - DateTime.Now, TimeSpan.FromDays(390), TimeSpan.FromDays(398));
    }

    [Fact]
    public void A_generated_certificate_near_expiry_is_renewed()
    {
        using var old = ServerCertificate.LoadOrCreate(null, null, _data, TimeProvider.System);

        using var renewed = ServerCertificate.LoadOrCreate(null, null, _data, new ShiftedTime(TimeSpan.FromDays(380)));

        Assert.NotEqual(old.Fingerprint, renewed.Fingerprint);
    }

    [Fact]
    public void Configured_PEM_files_are_used_as_given()
    {
        using var generated = ServerCertificate.LoadOrCreate(null, null, _data, TimeProvider.System);
        var certificate = Path.Combine(_data, "tls", "self-signed.crt");
        var key = Path.Combine(_data, "tls", "self-signed.key");

        using var configured = ServerCertificate.LoadOrCreate(certificate, key, Path.Combine(_data, "elsewhere"), TimeProvider.System);

        Assert.False(configured.Generated);
        Assert.Equal(generated.Fingerprint, configured.Fingerprint);
        Assert.False(Directory.Exists(Path.Combine(_data, "elsewhere")));
    }

    [Fact]
    public void Only_one_of_the_two_paths_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ServerCertificate.LoadOrCreate("/etc/ssl/cert.pem", null, _data, TimeProvider.System));
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + shift;
    }
}
