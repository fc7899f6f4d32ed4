// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using Lockbox.Imap;
using Lockbox.Imap.Server;
using Lockbox.Lmtp;
using Lockbox.Lmtp.Server;
using Lockbox.Vault;
using Lockbox.Vault.Recovery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>
/// <c>lockbox serve</c>: every listener in one process on Kestrel's connection layer. Once all are
/// bound it prints <c>listening NAME HOST:PORT</c> per listener on stdout (the real port when 0 was
/// asked); SIGTERM and SIGINT stop it gracefully (in-flight deliveries finish or get 4xx).
/// </summary>
public static class ServerHost
{
    public static async Task<int> RunAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(LockboxConfiguration.Build());
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Kestrel would announce every listener as "http://..."; the listening lines on stdout are the contract.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<VaultOptions>(builder.Configuration.GetSection("Vault"));
        builder.Services.Configure<LmtpOptions>(builder.Configuration.GetSection("Lmtp"));
        builder.Services.Configure<ImapOptions>(builder.Configuration.GetSection("Imap"));
        builder.Services.AddLockboxVault(settings.DataDirectory);

        var listeners = new List<(string Name, ListenOptions Options)>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(settings.Lmtp, l =>
            {
                l.UseConnectionHandler<LmtpConnectionHandler>();
                listeners.Add(("lmtp", l));
            });
            kestrel.Listen(settings.Imap, l =>
            {
                l.UseConnectionHandler<ImapConnectionHandler>();
                listeners.Add(("imap", l));
            });
            if (settings.LmtpUnixSocket is { } socket)
            {
                // A socket file left by a crash would make the bind fail.
                File.Delete(socket);
                kestrel.ListenUnixSocket(socket, l =>
                {
                    l.UseConnectionHandler<LmtpConnectionHandler>();
                    listeners.Add(("lmtp-unix", l));
                });
            }
        });

        await using var app = builder.Build();
        await app.Services.GetRequiredService<StartupCheck>().RunAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        foreach (var (name, options) in listeners)
        {
            var where = options.EndPoint is UnixDomainSocketEndPoint unix ? unix.ToString() : options.EndPoint.ToString();
            await Console.Out.WriteLineAsync($"listening {name} {where}");
        }

        await Console.Out.FlushAsync(cancellationToken);
        // SIGTERM reaches us twice: the host's console lifetime and System.CommandLine, which cancels
        // cancellationToken and then waits only ProcessTerminationTimeout for this action (Program.cs).
        // Stopping on that token makes the graceful stop start at once, whichever handler runs first.
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
