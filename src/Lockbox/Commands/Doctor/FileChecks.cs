// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Lockbox.Commands.Doctor;

/// <summary>The checks of <c>lockbox doctor</c> that read only files: permissions, the TLS certificate, libargon2.</summary>
public static class FileChecks
{
    const UnixFileMode GroupBits = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
    const UnixFileMode OtherBits = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// A directory holding ciphertext and keys: other users must not be able to enter it. A missing one is an error, or,
    /// given <paramref name="notYetCreated"/>, fine for that reason.
    /// </summary>
    public static DoctorFinding PrivateDirectory(string check, string path, string? notYetCreated = null)
    {
        if (!Directory.Exists(path))
        {
            return notYetCreated is null
                ? DoctorFinding.Error(check, $"{path} does not exist (it is created by the first `lockbox user add`)")
                : DoctorFinding.Ok(check, $"{path} does not exist yet ({notYetCreated})");
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & OtherBits) != 0)
        {
            return DoctorFinding.Error(check, $"{path} is open to every local user (mode {Octal(mode)}); run chmod 0700 {path}");
        }

        return (mode & GroupBits) != 0
            ? DoctorFinding.Warning(check, $"{path} is open to its group (mode {Octal(mode)}); 0700 is expected")
            : DoctorFinding.Ok(check, $"{path} is private (mode {Octal(mode)})");
    }

    /// <summary>
    /// The configured PEM pair (Tls:CertificatePath, Tls:KeyPath): both files exist, parse, belong together and are valid
    /// now; or, with none configured, the self-signed one serve generates under the data directory.
    /// </summary>
    public static DoctorFinding Certificate(string? certificatePath, string? keyPath, string dataDirectory, DateTime utcNow)
    {
        const string Check = "certificate";
        if (string.IsNullOrEmpty(certificatePath) && string.IsNullOrEmpty(keyPath))
        {
            var generated = Path.Combine(dataDirectory, "tls", "self-signed.crt");
            return DoctorFinding.Warning(Check, File.Exists(generated)
                ? $"no certificate configured: IMAPS serves the self-signed {generated}, which clients will not trust; set Tls:CertificatePath and Tls:KeyPath"
                : "no certificate configured: serve will generate a self-signed one, which clients will not trust; set Tls:CertificatePath and Tls:KeyPath");
        }

        if (string.IsNullOrEmpty(certificatePath) || string.IsNullOrEmpty(keyPath))
        {
            return DoctorFinding.Error(Check, "Tls:CertificatePath and Tls:KeyPath must be set together; only one of them is set");
        }

        foreach (var (setting, path) in new[] { ("Tls:CertificatePath", certificatePath), ("Tls:KeyPath", keyPath) })
        {
            if (!File.Exists(path))
            {
                return DoctorFinding.Error(Check, $"the file {path} named by {setting} does not exist; serve will not start");
            }
        }

        X509Certificate2 certificate;
        try
        {
            // Fails when either file is not PEM, and when the key does not belong to the certificate.
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or UnauthorizedAccessException)
        {
            return DoctorFinding.Error(Check, $"{certificatePath} and {keyPath} are not a PEM certificate and its private key ({e.Message}); serve will not start");
        }

        using (certificate)
        {
            var notAfter = certificate.NotAfter.ToUniversalTime();
            if (notAfter <= utcNow || certificate.NotBefore.ToUniversalTime() > utcNow)
            {
                return DoctorFinding.Error(Check, $"{certificatePath} is not valid now (valid {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {notAfter:yyyy-MM-dd}); clients will refuse it");
            }

            var left = notAfter - utcNow;
            return left < TimeSpan.FromDays(14)
                ? DoctorFinding.Warning(Check, $"{certificatePath} expires in {left.Days} days ({notAfter:yyyy-MM-dd}); renew it")
                : DoctorFinding.Ok(Check, $"{certificatePath} ({certificate.Subject}) and its key match, valid until {notAfter:yyyy-MM-dd}");
        }
    }

    /// <summary>Password hashing and key protection need the native libargon2 (docs/decisions/0006).</summary>
    public static DoctorFinding Argon2()
    {
        const string Check = "libargon2";
        if (!NativeLibrary.TryLoad("libargon2.so.1", out var handle))
        {
            return DoctorFinding.Error(Check, "libargon2.so.1 cannot be loaded, so no login and no key unlock can work; install the libargon2-1 package");
        }

        NativeLibrary.Free(handle);
        return DoctorFinding.Ok(Check, "libargon2.so.1 loads");
    }

    static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
