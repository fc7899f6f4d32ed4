// SPDX-License-Identifier: MIT
using System.Text.Json;

namespace Lockbox.Architecture.Tests;

/// <summary>
/// DESIGN.md section 2 by what each project's build pulls in, not only by what it names: the NuGet packages in the
/// dependency closure NuGet resolved for it (obj/project.assets.json, written by the restore that building this test
/// project runs for every src project the host references). A package that arrives through another package, as
/// BouncyCastle.Cryptography arrives through MimeKit, is in a project's closure as much as a direct reference is: it is
/// loaded into the process and its types are a using away (docs/decisions/0025).
/// </summary>
public sealed class DependencyClosureTests
{
    /// <summary>The projects that may have BouncyCastle in their closure, and why.</summary>
    static readonly Dictionary<string, string> BouncyCastleAllowed = new()
    {
        ["Lockbox.Crypto"] = "the OpenPGP engine: BouncyCastle lives here",
        ["Lockbox.Vault"] = "the only user of Crypto (a private reference), and MimeKit/MailKit for reading and sending mail depend on it",
        ["Lockbox"] = "the host: one process that runs Vault, so it loads everything Vault loads",
    };

    /// <summary>Front ends and what they see: Vault's contracts only, so no MIME or SMTP library either (the web's MIME work is Vault's).</summary>
    public static TheoryData<string> FrontEnds => ["Lockbox.Web", "Lockbox.Imap", "Lockbox.Lmtp", "Lockbox.FrontEnd", "Lockbox.Vault.Contracts"];

    [Fact]
    public void BouncyCastle_is_in_the_dependency_closure_of_Crypto_and_of_the_projects_that_must_load_it_only()
    {
        var offenders = SourceProjects()
            .Where(project => !BouncyCastleAllowed.ContainsKey(project) && ClosurePackages(project).Contains("BouncyCastle.Cryptography"))
            .ToList();

        // Not vacuous: the closure is read correctly when Crypto's own reference shows up in it.
        Assert.Contains("BouncyCastle.Cryptography", ClosurePackages("Lockbox.Crypto"));
        Assert.True(offenders.Count == 0, $"BouncyCastle.Cryptography is in the dependency closure of {string.Join(", ", offenders)}; only {string.Join(", ", BouncyCastleAllowed.Keys)} may have it (DESIGN.md section 2)");
    }

    [Theory]
    [MemberData(nameof(FrontEnds))]
    public void A_front_end_has_no_MIME_or_SMTP_library_in_its_dependency_closure(string frontEnd)
    {
        var packages = ClosurePackages(frontEnd);

        Assert.DoesNotContain("MimeKit", packages);
        Assert.DoesNotContain("MailKit", packages);
        Assert.DoesNotContain("BouncyCastle.Cryptography", packages);
    }

    /// <summary>Every project folder under src/.</summary>
    static IEnumerable<string> SourceProjects() =>
        Directory.GetDirectories(SourceTree.SrcDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(project => File.Exists(SourceTree.ProjectFile(project)))
            .Order(StringComparer.Ordinal);

    /// <summary>The NuGet packages, direct and transitive, that restore resolved for <paramref name="project"/>.</summary>
    static HashSet<string> ClosurePackages(string project)
    {
        var assets = Path.Combine(SourceTree.SrcDirectory, project, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: {project} was not restored; reference it from src/Lockbox (the host) so that building this test restores it");
        using var document = JsonDocument.Parse(File.ReadAllBytes(assets));
        // "libraries" lists every package and project of the closure as "Name/Version" with its type.
        return [.. document.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(library => library.Value.GetProperty("type").GetString() == "package")
            .Select(library => library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)])];
    }
}
