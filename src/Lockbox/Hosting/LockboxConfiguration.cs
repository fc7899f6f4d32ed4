// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Configuration;

namespace Lockbox.Hosting;

/// <summary>
/// The configuration every verb reads (DESIGN.md section 5): an optional <c>lockbox.json</c> in the
/// working directory, then environment variables <c>LOCKBOX__Section__Key</c>, then the values the
/// command line sets (passed in as overrides).
/// </summary>
public static class LockboxConfiguration
{
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?>? commandLine = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "lockbox.json"), optional: true)
            .AddEnvironmentVariables("LOCKBOX__")
            .AddInMemoryCollection(commandLine ?? new Dictionary<string, string?>())
            .Build();
}
