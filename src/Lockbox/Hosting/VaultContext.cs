// SPDX-License-Identifier: MIT
using Lockbox.Cli;
using Lockbox.Storage;
using Lockbox.Vault;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>Vault for one CLI verb: the same configuration and services as <c>serve</c>, without listeners.</summary>
public sealed class VaultContext : IAsyncDisposable
{
    readonly ServiceProvider _services;

    VaultContext(ServiceProvider services)
    {
        _services = services;
    }

    /// <summary>Opens the data directory and brings its schema up to date.</summary>
    public static Task<VaultContext> OpenAsync(string dataDirectory, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, null, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, CancellationToken)"/>, with settings that win over lockbox.json and the
    /// environment (<c>migrate</c> opens its target store this way).</summary>
    public static async Task<VaultContext> OpenAsync(
        string dataDirectory, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        var configuration = LockboxConfiguration.Build(overrides);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // DESIGN.md section 5: a verb's error is one line on stderr, and `deliver` hands that line to the
        // MTA. A console log entry would add lines and a stack trace, so a verb logs nothing unless the
        // Logging section (lockbox.json, LOCKBOX__Logging__LogLevel__Default) asks for it to debug.
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.None));
        services.ConfigureVault(configuration);
        services.AddLockboxVault(dataDirectory);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<IMailStore>().MigrateAsync(cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            await provider.DisposeAsync();
            throw new CliException($"cannot open the data directory {dataDirectory}: {e.Message}", e, ExitCodes.TemporaryFailure);
        }

        return new VaultContext(provider);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
