// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using Lockbox.FrontEnd.Tls;
using Lockbox.Imap.Server;
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Tests.Server;

/// <summary>
/// The IMAP handlers on real Kestrel listeners (IMAP with STARTTLS, and IMAPS) at 127.0.0.1 or a given
/// address, port 0, over a real Vault in a temp directory, with a self-signed certificate generated there.
/// </summary>
internal sealed class ImapTestServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string _directory;
    readonly ListenOptions _imap;
    readonly ListenOptions _imaps;
    readonly ServerCertificate _certificate;

    ImapTestServer(WebApplication app, string directory, ListenOptions imap, ListenOptions imaps, ServerCertificate certificate)
    {
        _app = app;
        _directory = directory;
        _imap = imap;
        _imaps = imaps;
        _certificate = certificate;
    }

    public IPAddress Address => _imap.IPEndPoint!.Address;

    /// <summary>The cleartext port (STARTTLS).</summary>
    public int Port => _imap.IPEndPoint!.Port;

    /// <summary>The implicit-TLS port.</summary>
    public int ImapsPort => _imaps.IPEndPoint!.Port;

    /// <summary>SHA-256 of the server's certificate, upper-case hex: what a test client pins.</summary>
    public string Fingerprint => _certificate.Fingerprint;

    public static async Task<ImapTestServer> StartAsync(Action<ImapOptions>? configure = null, IPAddress? address = null)
    {
        var directory = Directory.CreateTempSubdirectory("lockbox-imap-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<VaultOptions>(o => o.SessionGracePeriod = TimeSpan.Zero);
        builder.Services.Configure<ImapOptions>(o => configure?.Invoke(o));
        builder.Services.AddLockboxVault(Path.Combine(directory, "data"));
        var certificate = ServerCertificate.LoadOrCreate(null, null, Path.Combine(directory, "data"), TimeProvider.System);
        builder.Services.AddSingleton(certificate);
        builder.Services.AddLockboxImap();
        ListenOptions? imap = null, imaps = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address ?? IPAddress.Loopback, 0, l =>
            {
                l.UseConnectionHandler<ImapConnectionHandler>();
                imap = l;
            });
            k.Listen(address ?? IPAddress.Loopback, 0, l =>
            {
                l.UseConnectionHandler<ImapsConnectionHandler>();
                imaps = l;
            });
        });
        var app = builder.Build();
        await app.Services.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
        await app.StartAsync();
        return new ImapTestServer(app, directory, imap!, imaps!, certificate);
    }

    public Task CreateUserAsync(string address, string password, bool encrypt = true) =>
        _app.Services.GetRequiredService<AccountService>().CreateUserAsync(address, password, encrypt, CancellationToken.None);

    /// <summary>Two-password mode: the key gets <paramref name="passphrase"/>, the login stays <paramref name="password"/>.</summary>
    public Task SetKeyPassphraseAsync(string address, string password, string passphrase) =>
        _app.Services.GetRequiredService<AccountService>().SetKeyPassphraseAsync(address, password, password, passphrase, CancellationToken.None);

    public async Task DeliverAsync(string recipient, byte[] message)
    {
        var results = await _app.Services.GetRequiredService<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([recipient], "bob@example.net"), new MemoryStream(message), CancellationToken.None);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    public async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(Address, Port);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
