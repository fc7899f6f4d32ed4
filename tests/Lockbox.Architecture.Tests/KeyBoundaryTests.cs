// SPDX-License-Identifier: MIT
using System.Reflection;

namespace Lockbox.Architecture.Tests;

/// <summary>
/// DESIGN.md section 2 and STYLE.md section 1: front ends see Vault's session API only. They never
/// compile against Lockbox.Crypto or BouncyCastle, directly or through a reference that lets them.
/// </summary>
public sealed class KeyBoundaryTests
{
    public static TheoryData<string> FrontEnds => ["Lockbox.Imap", "Lockbox.Lmtp", "Lockbox.Web", "Lockbox.Vault.Contracts", "Lockbox.FrontEnd"];

    /// <summary>
    /// What a front end may reference: projects that cannot hand it Crypto at compile time. Lockbox.FrontEnd
    /// (login throttle, TLS certificate; docs/decisions/0008) is itself checked as a front end above.
    /// </summary>
    static readonly string[] AllowedFrontEndReferences = ["Lockbox.Vault.Contracts", "Lockbox.FrontEnd"];

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void Front_end_assembly_does_not_reference_crypto_or_BouncyCastle(string frontEnd)
    {
        var references = Assembly.Load(frontEnd).GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Lockbox.Crypto", references);
        Assert.DoesNotContain("Lockbox.Vault", references);
        Assert.DoesNotContain(references, name => name!.StartsWith("BouncyCastle", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void Front_end_project_references_only_the_vault_contracts_and_the_shared_front_end_library(string frontEnd)
    {
        var disallowed = SourceTree.ProjectReferences(frontEnd).Except(AllowedFrontEndReferences).ToList();

        Assert.True(disallowed.Count == 0, $"{frontEnd} references {string.Join(", ", disallowed)}; front ends may reference only {string.Join(", ", AllowedFrontEndReferences)}");
        Assert.DoesNotContain("BouncyCastle.Cryptography", SourceTree.PackageReferences(frontEnd));
    }

    [Fact]
    public void Only_Lockbox_Crypto_references_BouncyCastle()
    {
        var offenders = Directory.GetDirectories(SourceTree.SrcDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(project => project != "Lockbox.Crypto" && File.Exists(SourceTree.ProjectFile(project)))
            .Where(project => SourceTree.PackageReferences(project).Contains("BouncyCastle.Cryptography"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Vault_keeps_crypto_and_storage_private_to_itself()
    {
        // PrivateAssets=all stops Crypto flowing to whoever references Vault (DESIGN.md section 2).
        var document = System.Xml.Linq.XDocument.Load(SourceTree.ProjectFile("Lockbox.Vault"));
        var crypto = document.Descendants("ProjectReference")
            .Single(e => ((string?)e.Attribute("Include"))!.Contains("Lockbox.Crypto", StringComparison.Ordinal));

        Assert.Equal("all", (string?)crypto.Attribute("PrivateAssets"));
    }
}
