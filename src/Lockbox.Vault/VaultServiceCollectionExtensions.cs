// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Changes;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Contracts.Portal;
using Lockbox.Vault.Delivery;
using Lockbox.Vault.Escrow;
using Lockbox.Vault.Export;
using Lockbox.Vault.Import;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Policy;
using Lockbox.Vault.Portal;
using Lockbox.Vault.Quota;
using Lockbox.Vault.Recovery;
using Lockbox.Vault.Sending;
using Lockbox.Vault.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault;

/// <summary>Registers the storage agent. Front ends then resolve <see cref="IDeliveryService"/> and nothing else of Vault.</summary>
public static class VaultServiceCollectionExtensions
{
    /// <summary>
    /// Adds Vault: the index on the engine <see cref="StoreOptions"/> names (SQLite at <c>DATA/lockbox.db</c> unless
    /// <c>Store:Provider</c> says otherwise), blobs under <c>DATA/blobs</c> or <c>Store:BlobDirectory</c>. The data directory is created owner-only (0700) if missing.
    /// </summary>
    public static IServiceCollection AddLockboxVault(this IServiceCollection services, string dataDirectory)
    {
        var data = DataDirectory.Prepare(dataDirectory);
        services.AddOptions<VaultOptions>();
        services.AddOptions<StoreOptions>();
        services.AddSingleton<IMailStore>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Create(data));
        services.AddSingleton(sp => new FileBlobStore(sp.GetRequiredService<IOptions<StoreOptions>>().Value.BlobRoot(data)));
        services.AddSingleton(sp => new MessageBlobs(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<FileBlobStore>(), sp.GetRequiredService<IOptions<StoreOptions>>().Value.InlineBlobBytes));
        services.AddSingleton<CertificateCache>();
        services.AddSingleton(sp => new RecipientResolver(sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<IOptions<VaultOptions>>()));
        // Argon2 holds 64 MiB per run: at most one per core at a time.
        services.AddSingleton(_ => new UnlockGate(Environment.ProcessorCount));
        services.AddOptions<EncryptionOptions>();
        services.AddOptions<QuotaOptions>();
        services.AddSingleton(sp => new StorageQuota(sp.GetRequiredService<IOptions<QuotaOptions>>()));
        services.AddSingleton(sp => new QuotaService(sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<StorageQuota>()));
        services.AddSingleton(sp => new EncryptionPolicy(sp.GetRequiredService<IOptions<EncryptionOptions>>()));
        services.AddSingleton(sp => new AccountService(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<MessageBlobs>(), sp.GetRequiredService<IOptions<VaultOptions>>(),
            sp.GetRequiredService<UnlockGate>(), sp.GetRequiredService<EncryptionPolicy>(),
            sp.GetRequiredService<SessionService>(), sp.GetRequiredService<EscrowKeeper>(), sp.GetRequiredService<StorageQuota>()));
        services.AddSingleton<MailboxChanges>();
        services.AddSingleton(sp => new MailboxChangeFeedPump(
            sp.GetRequiredService<IOptions<StoreOptions>>().Value.CreateChangeFeed(sp.GetRequiredService<ILoggerFactory>()), sp.GetRequiredService<MailboxChanges>()));
        // The webmail's relay (section Smtp, bound by the host) and the Sent/Drafts steps (docs/decisions/0025).
        services.AddOptions<SmtpOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new Submission(
            new MailRelay(sp.GetRequiredService<IOptions<SmtpOptions>>()), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Submission>>()));
        services.AddSingleton(sp => new DeliveryFunnel(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<MessageBlobs>(), sp.GetRequiredService<CertificateCache>(),
            sp.GetRequiredService<RecipientResolver>(), new DeliveryLock(data), sp.GetRequiredService<ILogger<DeliveryFunnel>>(),
            sp.GetRequiredService<MailboxChanges>(), sp.GetRequiredService<EncryptionPolicy>(), sp.GetRequiredService<StorageQuota>())
        {
            SearchTextLimit = sp.GetRequiredService<IOptions<VaultOptions>>().Value.SearchTextLimit,
        });
        services.AddSingleton<IDeliveryService>(sp => sp.GetRequiredService<DeliveryFunnel>());
        services.AddSingleton(sp => new StartupCheck(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<FileBlobStore>(), data, sp.GetRequiredService<ILogger<StartupCheck>>())
        {
            OrphanGrace = sp.GetRequiredService<IOptions<StoreOptions>>().Value.OrphanGrace,
        });
        services.AddSingleton<MailExporter>();
        services.AddSingleton(sp => new AuditLog(sp.GetRequiredService<IMailStore>()));
        services.AddSingleton(sp => new EscrowMaster(sp.GetRequiredService<IMailStore>(), data));
        services.AddOptions<EscrowOptions>();
        services.AddSingleton(sp => new EscrowPolicy(sp.GetRequiredService<IOptions<EscrowOptions>>()));
        services.AddSingleton(sp => new EscrowKeeper(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<EscrowMaster>(), sp.GetRequiredService<EscrowPolicy>(),
            sp.GetRequiredService<UnlockGate>(), sp.GetRequiredService<ILogger<EscrowKeeper>>()));
        services.AddSingleton(sp => new EscrowService(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<EscrowKeeper>(), sp.GetRequiredService<EscrowPolicy>(),
            sp.GetRequiredService<EscrowMaster>(), sp.GetRequiredService<UnlockGate>(), sp.GetRequiredService<AuditLog>()));
        services.AddSingleton(sp => new MailImporter(sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<DeliveryFunnel>(), sp.GetRequiredService<AuditLog>()));
        services.AddSingleton(sp => new SessionService(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<MessageBlobs>(), sp.GetRequiredService<CertificateCache>(),
            sp.GetRequiredService<UnlockGate>(), sp.GetRequiredService<DeliveryFunnel>(), sp.GetRequiredService<IOptions<VaultOptions>>(),
            sp.GetRequiredService<ILogger<SessionService>>(), sp.GetRequiredService<MailboxChanges>(), sp.GetRequiredService<EscrowKeeper>())
        {
            Submission = sp.GetRequiredService<Submission>(),
        });
        services.AddSingleton<ISessionService>(sp => sp.GetRequiredService<SessionService>());
        services.AddSingleton(sp => new KeyImporter(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<IOptions<VaultOptions>>(), sp.GetRequiredService<UnlockGate>(),
            sp.GetRequiredService<SessionService>(), sp.GetRequiredService<EscrowKeeper>()));
        services.AddSingleton(sp => new EncryptionOptIn(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<IOptions<VaultOptions>>(), sp.GetRequiredService<UnlockGate>(), new DeliveryLock(data),
            new CleartextMigration(sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<MessageBlobs>(), sp.GetRequiredService<CertificateCache>(),
                new DeliveryLock(data), sp.GetRequiredService<StartupCheck>(), new MigrationLock(data, sp.GetRequiredService<IOptions<StoreOptions>>().Value.CreateNodeLocks())), sp.GetRequiredService<EscrowKeeper>()));
        services.AddSingleton(sp => new EncryptionRunner(sp.GetRequiredService<EncryptionOptIn>(), sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<ILogger<EncryptionRunner>>()));
        services.AddSingleton<IKeyPortal>(KeyPortal.Create);
        services.AddSingleton(sp => new SessionKeyRewrapper(
            sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<MessageBlobs>(), sp.GetRequiredService<UnlockGate>(), new DeliveryLock(data),
            sp.GetRequiredService<StartupCheck>(), sp.GetRequiredService<AuditLog>()));
        return services;
    }
}
