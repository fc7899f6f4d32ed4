// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lockbox.Vault.Tests;

/// <summary>Vault over a real SQLite store and blob directory in a temp directory.</summary>
public sealed class VaultFixture : IAsyncDisposable
{
    readonly ServiceProvider _services;
    readonly bool _ownsDirectory;

    VaultFixture(string directory, ServiceProvider services, bool ownsDirectory)
    {
        Directory = directory;
        _services = services;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public static async Task<VaultFixture> CreateAsync(
        TimeSpan? gracePeriod = null, Action<VaultOptions>? configure = null, Action<Policy.EncryptionOptions>? encryption = null,
        string escrowMode = "off", string? reopen = null, Action<SmtpOptions>? smtp = null)
    {
        // reopen: a directory the caller owns (and deletes), for a second fixture over the same data, as a restarted process sees it.
        var directory = reopen ?? System.IO.Directory.CreateTempSubdirectory("lockbox-vault-").FullName;
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.Configure<VaultOptions>(o =>
        {
            o.SessionGracePeriod = gracePeriod ?? TimeSpan.Zero;
            configure?.Invoke(o);
        });
        services.Configure<Policy.EncryptionOptions>(o => encryption?.Invoke(o));
        services.Configure<Policy.EscrowOptions>(o => o.Mode = escrowMode);
        services.Configure<SmtpOptions>(o => smtp?.Invoke(o));
        services.AddLockboxVault(Path.Combine(directory, "data"));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
        return new VaultFixture(directory, provider, reopen is null);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_ownsDirectory)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
