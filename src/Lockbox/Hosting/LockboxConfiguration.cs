// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Vault.Policy;
using Lockbox.Vault.Quota;
using Lockbox.Vault.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Binds Vault's settings (sections <c>Vault</c>, <c>Encryption</c>, <c>Escrow</c>, <c>Quota</c>, <c>Smtp</c> and <c>Store</c>), the same for <c>serve</c> and every verb.</summary>
    public static IServiceCollection ConfigureVault(this IServiceCollection services, IConfiguration configuration) =>
        services
            .Configure<VaultOptions>(configuration.GetSection("Vault"))
            .Configure<EncryptionOptions>(configuration.GetSection(EncryptionOptions.Section))
            .Configure<EscrowOptions>(configuration.GetSection(EscrowOptions.Section))
            .Configure<QuotaOptions>(configuration.GetSection(QuotaOptions.Section))
            .Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section))
            .Configure<StoreOptions>(configuration.GetSection(StoreOptions.Section));
}
