// SPDX-License-Identifier: MIT
using System.Xml.Linq;

namespace Lockbox.Architecture.Tests;

/// <summary>Finds the repository's src/ folder and reads project files, so rules see the declared graph too.</summary>
internal static class SourceTree
{
    public static string SrcDirectory { get; } = FindSrc();

    public static string ProjectFile(string project) => Path.Combine(SrcDirectory, project, project + ".csproj");

    /// <summary>The names of the projects <paramref name="project"/> references directly.</summary>
    public static IReadOnlyList<string> ProjectReferences(string project) =>
        [.. Items(project, "ProjectReference").Select(path => Path.GetFileNameWithoutExtension(path.Replace('\\', '/')))];

    /// <summary>The NuGet packages <paramref name="project"/> references directly.</summary>
    public static IReadOnlyList<string> PackageReferences(string project) => [.. Items(project, "PackageReference")];

    static IEnumerable<string> Items(string project, string kind) =>
        XDocument.Load(ProjectFile(project)).Descendants(kind)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>();

    static string FindSrc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lockbox.sln")))
            {
                return Path.Combine(dir.FullName, "src");
            }
        }

        throw new InvalidOperationException("Lockbox.sln not found above " + AppContext.BaseDirectory);
    }
}
