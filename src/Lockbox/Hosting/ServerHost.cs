// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using Lockbox.Cli;
using Lockbox.FrontEnd.Tls;
using Lockbox.Imap;
using Lockbox.Imap.Server;
using Lockbox.Lmtp;
using Lockbox.Lmtp.Server;
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Vault.Recovery;
using Lockbox.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Lockbox.Hosting;

/// <summary>
/// <c>lockbox serve</c>: every listener in one process on Kestrel's connection layer. Once all are
/// bound it prints <c>listening NAME HOST:PORT</c> per listener on stdout (the real port when 0 was
/// asked); SIGTERM and SIGINT stop it gracefully (in-flight deliveries finish or get 4xx).
/// </summary>
public static class ServerHost
{
    /// <remarks>
    /// A store that cannot be opened (a setting such as <c>Store:BusyTimeout</c> out of range, PostgreSQL unreachable) ends
    /// the command with its reason and EX_TEMPFAIL, as the CLI verbs do, instead of an unhandled exception: under systemd
    /// the unit restarts, and the reason is the journal's last line.
    /// </remarks>
    public static async Task<int> RunAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            return await ServeAsync(settings, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            throw new CliException("cannot open the store: " + e.Message, e, ExitCodes.TemporaryFailure);
        }
    }

    static async Task<int> ServeAsync(ServeSettings settings, CancellationToken cancellationToken)
    {
        // No reload-on-change: it watches the working directory recursively with inotify, and with the
        // default data directory (./data) that is every blob write and SQLite commit, about 8% of the
        // server's CPU during delivery (docs/benchmarks.md, LMTP delivery). Configuration is read at start.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Configuration.AddConfiguration(LockboxConfiguration.Build());
        builder.Logging.ClearProviders();
        // The slim builder does not read the Logging section: without this, Logging:Console:FormatterName=json
        // and Logging:LogLevel would be ignored (docs/decisions/0032).
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // The slim builder registered AddSimpleConsole, whose FormatterName=simple would override the section;
        // binding the section again, last, lets Logging:Console:FormatterName=json take effect.
        builder.Services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
        // Kestrel would announce every listener as "http://..."; the listening lines on stdout are the contract.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.ConfigureVault(builder.Configuration);
        builder.Services.Configure<LmtpOptions>(builder.Configuration.GetSection("Lmtp"));
        builder.Services.Configure<ImapOptions>(builder.Configuration.GetSection("Imap"));
        builder.Services.AddLockboxVault(settings.DataDirectory);
        using var certificate = LoadCertificate(builder.Configuration["Tls:CertificatePath"], builder.Configuration["Tls:KeyPath"], settings.DataDirectory);
        builder.Services.AddSingleton(certificate);
        builder.Services.AddLockboxImap();
        builder.Services.AddLockboxWeb(builder.Configuration);
        builder.AddLockboxObservability();
        // The slim builder leaves HTTPS out; the web listener needs it when Web:Tls is on.
        builder.WebHost.UseKestrelHttpsConfiguration();
        // Protocol code resumes on the thread that completed the socket read, and a reply is sent from the thread that
        // wrote it, instead of each being handed to another pool thread (docs/decisions/0037). Socket completions still
        // run on the thread pool, never on the epoll thread, so a slow request blocks only its own pool thread, as before.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        var webTls = builder.Configuration.GetValue<bool>("Web:Tls");
        // Under systemd (Type=notify, packaging/lockbox.service): READY=1 once started, journald-friendly console logs; a no-op elsewhere.
        builder.Services.AddSystemd();
        builder.Services.AddHostedService<KeyExpiryWatch>();
        builder.Services.AddHostedService<LeftoverSweeper>();
        builder.Services.AddHostedService<EncryptionResumer>();
        builder.Services.AddHostedService<ChangeFeedListener>();
        if (builder.Configuration.GetValue("Precompile", defaultValue: true))
        {
            builder.Services.AddHostedService<Precompiler>();
        }

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
            kestrel.Listen(settings.Imaps, l =>
            {
                l.UseConnectionHandler<ImapsConnectionHandler>();
                listeners.Add(("imaps", l));
            });
            kestrel.Listen(settings.Web, l =>
            {
                if (webTls)
                {
                    // The certificate IMAPS serves (Tls:CertificatePath/Tls:KeyPath), TLS 1.2 and 1.3 only.
                    l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate.Certificate, SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 });
                }

                listeners.Add(("web", l));
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
        app.UseLockboxObservability();
        app.MapLockboxWeb();
        app.MapLockboxProbes();
        WarnIfLmtpInClear(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lockbox.Lmtp"), settings.Lmtp, app.Configuration.GetValue<bool>("Lmtp:RequireTls"));
        LogCertificate(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lockbox.Tls"), certificate);
        LogHardening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Lockbox.Hardening"));
        await app.Services.GetRequiredService<StartupCheck>().RunAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        if (settings.LmtpUnixSocket is { } boundSocket)
        {
            UnixSocketMode.Apply(boundSocket, app.Configuration["Lmtp:UnixSocketMode"]);
        }

        app.Services.GetRequiredService<Readiness>().MarkListening();
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

    /// <summary>The PEM pair from <c>Tls:CertificatePath</c> and <c>Tls:KeyPath</c>, or the self-signed one under the data directory.</summary>
    static ServerCertificate LoadCertificate(string? certificatePath, string? keyPath, string dataDirectory)
    {
        try
        {
            return ServerCertificate.LoadOrCreate(certificatePath, keyPath, dataDirectory, TimeProvider.System);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new CliException("TLS certificate: " + e.Message, e);
        }
    }

    static void LogHardening(ILogger logger)
    {
        if (ProcessHardening.Dumpable == 0)
        {
            Log.CoreDumpsDisabled(logger, ProcessHardening.Dumpable);
        }
        else
        {
            Log.CoreDumpsNotDisabled(logger, ProcessHardening.Error, ProcessHardening.Dumpable);
        }
    }

    /// <summary>
    /// An LMTP listener other hosts can reach carries mail before Lockbox has encrypted it (docs/decisions/0040): without
    /// <c>Lmtp:RequireTls</c> an MTA may send it in clear, so the operator is told at every start.
    /// </summary>
    static void WarnIfLmtpInClear(ILogger logger, IPEndPoint lmtp, bool requireTls)
    {
        if (!requireTls && !IPAddress.IsLoopback(lmtp.Address))
        {
            Log.LmtpInClear(logger, lmtp);
        }
    }

    static void LogCertificate(ILogger logger, ServerCertificate certificate)
    {
        // A client of a self-signed certificate pins this fingerprint; the operator reads it here.
        if (certificate.Generated)
        {
            Log.SelfSignedCertificate(logger, certificate.CertificatePath, certificate.Fingerprint, certificate.Certificate.NotAfter);
        }
        else
        {
            Log.ConfiguredCertificate(logger, certificate.CertificatePath, certificate.Fingerprint, certificate.Certificate.NotAfter);
        }
    }
}
