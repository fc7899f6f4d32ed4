// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Keys;

namespace Lockbox.Crypto.Tests.Keys;

/// <summary>The gpg-made keys in Fixtures/keys (see make-fixtures.sh there).</summary>
internal static class KeyFixtures
{
    /// <summary>The passphrase of the protected secret-key fixtures.</summary>
    public const string Passphrase = "fixture-passphrase";

    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "keys", name));

    public static PublicCertificate Certificate(string name) => KeyImport.Import(Read(name)).Certificate;
}
