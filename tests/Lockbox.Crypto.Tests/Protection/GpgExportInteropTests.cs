// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Protection;
using Lockbox.Crypto.Tests.Interop;

namespace Lockbox.Crypto.Tests.Protection;

/// <summary>The export as gpg 2.2 sees it: imported with the passphrase, then used to sign and decrypt.</summary>
public sealed class GpgExportInteropTests
{
    const string Passphrase = "P4ss phrase";

    [Theory]
    [InlineData(KeyAlgorithm.Curve25519)]
    [InlineData(KeyAlgorithm.Rsa3072)]
    public async Task Gpg_imports_the_export_and_can_sign_and_decrypt_with_it(KeyAlgorithm algorithm)
    {
        using var key = KeyGenerator.Generate("heidi@example.org", algorithm);
        using var gpg = new GpgHome();
        var fingerprint = key.Certificate.Fingerprint;
        string[] loopback = ["--passphrase", Passphrase];

        var import = await gpg.RunAsync(Export(key), [.. loopback, "--import"]);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("secret keys imported: 1", import.Stderr, StringComparison.Ordinal);

        var signed = await gpg.RunCheckedAsync("hello"u8.ToArray(), [.. loopback, "--armor", "--local-user", fingerprint, "--sign"]);
        await gpg.RunCheckedAsync(signed, "--verify");

        var encrypted = await gpg.RunCheckedAsync("for heidi"u8.ToArray(), "--armor", "--trust-model", "always", "--recipient", fingerprint, "--encrypt");
        var decrypted = await gpg.RunCheckedAsync(encrypted, [.. loopback, "--decrypt"]);
        Assert.Equal("for heidi", Encoding.UTF8.GetString(decrypted));
    }

    [Fact]
    public async Task Gpg_lists_iterated_salted_sha256_s2k_with_count_65011712_and_aes256()
    {
        using var key = KeyGenerator.Generate("ivan@example.org");
        using var gpg = new GpgHome();

        var listing = Encoding.UTF8.GetString(await gpg.RunCheckedAsync(Export(key), "--list-packets"));

        Assert.Equal(2, Count(listing, "iter+salt S2K"));
        Assert.Equal(2, Count(listing, "algo: 9, SHA1 protection, hash: 8"));
        Assert.Equal(2, Count(listing, "protect count: 65011712"));
    }

    [Fact]
    public async Task Gpg_cannot_use_the_export_without_its_passphrase()
    {
        using var key = KeyGenerator.Generate("judy@example.org");
        using var gpg = new GpgHome();

        // gpg 2.2 imports a key it cannot unprotect as is; the passphrase is then asked for on first use.
        await gpg.RunAsync(Export(key), "--passphrase", "wrong", "--import");
        var signed = await gpg.RunAsync("hello"u8.ToArray(), "--passphrase", "wrong", "--local-user", key.Certificate.Fingerprint, "--sign");

        Assert.NotEqual(0, signed.ExitCode);
    }

    static byte[] Export(UnlockedKey key) => Encoding.ASCII.GetBytes(GpgExport.ExportSecretKey(key, Passphrase));

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
