// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lockbox.FrontEnd.Tls;

/// <summary>
/// The server's TLS certificate for STARTTLS, IMAPS and later HTTPS: the configured PEM files
/// (<c>Tls:CertificatePath</c>, <c>Tls:KeyPath</c>, DESIGN.md section 5), or a self-signed one generated
/// under the data directory on first start. <see cref="ServerOptions"/> allows TLS 1.2 and 1.3 only.
/// </summary>
public sealed class ServerCertificate : IDisposable
{
    /// <summary>Where a generated certificate lives, under the data directory.</summary>
    public const string GeneratedDirectory = "tls";

    // Renew a generated certificate this long before it expires, so clients that pinned it get warned
    // by the new fingerprint in the log rather than by an expired certificate.
    static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    // CA/Browser Forum baseline requirements cap publicly trusted certificates at 398 days; a
    // self-signed one has no such rule, but some clients (Apple) apply it anyway.
    static readonly TimeSpan Validity = TimeSpan.FromDays(397);

    readonly X509Certificate2Collection _chain;

    ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection chain, string certificatePath, bool generated)
    {
        Certificate = certificate;
        _chain = chain;
        CertificatePath = certificatePath;
        Generated = generated;
        Context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>The leaf certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The PEM file it was read from or written to.</summary>
    public string CertificatePath { get; }

    /// <summary>True when Lockbox generated it (self-signed), false when it was configured.</summary>
    public bool Generated { get; }

    /// <summary>SHA-256 of the DER certificate, upper-case hex: what a client pins.</summary>
    public string Fingerprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>Built once: the chain is not rebuilt on every handshake.</summary>
    SslStreamCertificateContext Context { get; }

    /// <summary>
    /// Loads the configured pair when both paths are given; otherwise the generated certificate under
    /// <paramref name="dataDirectory"/>, created (or renewed near expiry) for localhost and this host's name.
    /// </summary>
    /// <exception cref="ArgumentException">Only one of the two paths is given.</exception>
    /// <exception cref="CryptographicException">The PEM files do not hold a certificate and its key.</exception>
    public static ServerCertificate LoadOrCreate(string? certificatePath, string? keyPath, string dataDirectory, TimeProvider time)
    {
        if (!string.IsNullOrEmpty(certificatePath) || !string.IsNullOrEmpty(keyPath))
        {
            if (string.IsNullOrEmpty(certificatePath) || string.IsNullOrEmpty(keyPath))
            {
                throw new ArgumentException("Tls:CertificatePath and Tls:KeyPath must be given together.");
            }

            return Load(certificatePath, keyPath, generated: false);
        }

        var directory = Path.Combine(dataDirectory, GeneratedDirectory);
        var generatedCertificate = Path.Combine(directory, "self-signed.crt");
        var generatedKey = Path.Combine(directory, "self-signed.key");
        if (File.Exists(generatedCertificate) && File.Exists(generatedKey))
        {
            var existing = Load(generatedCertificate, generatedKey, generated: true);
            if (existing.Certificate.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > RenewBefore)
            {
                return existing;
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var created = CreateSelfSigned(Dns.GetHostName(), time.GetUtcNow()))
        using (var key = created.GetECDsaPrivateKey()!)
        {
            // The key is written 0600 from its first byte, then renamed into place (never world-readable).
            WriteAtomically(generatedKey, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteAtomically(generatedCertificate, created.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return Load(generatedCertificate, generatedKey, generated: true);
    }

    /// <summary>A self-signed ECDSA P-256 server certificate for localhost, 127.0.0.1, ::1 and <paramref name="hostName"/>.</summary>
    public static X509Certificate2 CreateSelfSigned(string hostName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + hostName + ", O=Lockbox self-signed"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        if (!hostName.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName(hostName);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Back-dated a little so a client whose clock lags does not see a certificate from the future.
        return request.CreateSelfSigned(now.AddHours(-1), now + Validity);
    }

    /// <summary>Server-side handshake settings: TLS 1.2 and 1.3 only (RFC 8996, RFC 8314 section 4.1), no client certificate.</summary>
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in _chain)
        {
            certificate.Dispose();
        }
    }

    static ServerCertificate Load(string certificatePath, string keyPath, bool generated)
    {
        var leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // A fullchain.pem (Let's Encrypt) carries the intermediates after the leaf: send them too.
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        foreach (var certificate in chain.Cast<X509Certificate2>().Where(c => c.Thumbprint == leaf.Thumbprint).ToList())
        {
            chain.Remove(certificate);
            certificate.Dispose();
        }

        return new ServerCertificate(leaf, chain, Path.GetFullPath(certificatePath), generated);
    }

    static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
