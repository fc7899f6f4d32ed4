// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;

namespace Lockbox.Crypto.Tests.Protection;

/// <summary>The export as gpg 2.2 sees it: imported with the passphrase, then used to sign and decrypt.</summary>
public sealed class GpgExportInteropTests
{
    const string Passphrase = "P4ss phrase";

    [Theory]
    [InlineData(KeyAlgorithm.Curve25519)]
    [InlineData(KeyAlgorithm.Rsa3072)]
    public void Gpg_imports_the_export_and_can_sign_and_decrypt_with_it(KeyAlgorithm algorithm)
    {
        using var key = KeyGenerator.Generate("heidi@example.org", algorithm);
        using var gpg = new GpgHome();
        var file = gpg.WriteFile("secret.asc", GpgExport.ExportSecretKey(key, Passphrase));
        var fingerprint = key.Certificate.Fingerprint;
        string[] loopback = ["--pinentry-mode", "loopback", "--passphrase", Passphrase];

        var import = gpg.Run(null, [.. loopback, "--import", file]);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("secret keys imported: 1", import.Error, StringComparison.Ordinal);

        var signed = gpg.Run("hello", [.. loopback, "--armor", "--local-user", fingerprint, "--sign"]);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        var verified = gpg.Run(signed.Output, ["--verify"]);
        Assert.True(verified.ExitCode == 0, verified.ToString());

        var encrypted = gpg.Run("for heidi", ["--armor", "--trust-model", "always", "--recipient", fingerprint, "--encrypt"]);
        Assert.True(encrypted.ExitCode == 0, encrypted.ToString());
        var decrypted = gpg.Run(encrypted.Output, [.. loopback, "--decrypt"]);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal("for heidi", decrypted.Output);
    }

    [Fact]
    public void Gpg_lists_iterated_salted_sha256_s2k_with_count_65011712_and_aes256()
    {
        using var key = KeyGenerator.Generate("ivan@example.org");
        using var gpg = new GpgHome();
        var file = gpg.WriteFile("secret.asc", GpgExport.ExportSecretKey(key, Passphrase));

        var listing = gpg.Run(null, "--list-packets", file);

        Assert.True(listing.ExitCode == 0, listing.ToString());
        Assert.Equal(2, Count(listing.Output, "iter+salt S2K"));
        Assert.Equal(2, Count(listing.Output, "algo: 9, SHA1 protection, hash: 8"));
        Assert.Equal(2, Count(listing.Output, "protect count: 65011712"));
    }

    [Fact]
    public void Gpg_cannot_use_the_export_without_its_passphrase()
    {
        using var key = KeyGenerator.Generate("judy@example.org");
        using var gpg = new GpgHome();
        var file = gpg.WriteFile("secret.asc", GpgExport.ExportSecretKey(key, Passphrase));

        // gpg 2.2 imports a key it cannot unprotect as is; the passphrase is then asked for on first use.
        gpg.Run(null, "--pinentry-mode", "loopback", "--passphrase", "wrong", "--import", file);
        var signed = gpg.Run("hello", "--pinentry-mode", "loopback", "--passphrase", "wrong",
            "--local-user", key.Certificate.Fingerprint, "--sign");

        Assert.NotEqual(0, signed.ExitCode);
    }

    static int Count(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
