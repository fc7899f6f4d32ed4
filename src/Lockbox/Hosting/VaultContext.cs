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
    public static async Task<VaultContext> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var configuration = LockboxConfiguration.Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        services.Configure<VaultOptions>(configuration.GetSection("Vault"));
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
