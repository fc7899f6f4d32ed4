// SPDX-License-Identifier: MIT
using Lockbox.FrontEnd.Throttling;
using Lockbox.FrontEnd.Tls;
using Lockbox.Imap.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lockbox.Imap;

/// <summary>Registers the IMAP listeners' connection handlers.</summary>
public static class ImapServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ImapConnectionHandler"/> (cleartext port, STARTTLS) and <see cref="ImapsConnectionHandler"/>
    /// (implicit TLS, RFC 8314), sharing one <see cref="LoginThrottle"/> so a client cannot double its
    /// guesses by using both ports. The caller registers the <see cref="ServerCertificate"/>, Vault's
    /// <see cref="Vault.Contracts.ISessionService"/> and configures <see cref="ImapOptions"/>.
    /// </summary>
    public static IServiceCollection AddLockboxImap(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LoginThrottle(sp.GetRequiredService<IOptions<ImapOptions>>().Value.LoginThrottle, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ImapConnectionHandler>();
        services.AddSingleton<ImapsConnectionHandler>();
        return services;
    }
}
