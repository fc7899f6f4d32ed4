// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using Lockbox.Imap.Server;
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lockbox.Imap.Tests.Server;

/// <summary>The IMAP handler on a real Kestrel listener at 127.0.0.1, port 0, over a real Vault in a temp directory.</summary>
internal sealed class ImapTestServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string _directory;

    ImapTestServer(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public static async Task<ImapTestServer> StartAsync(Action<ImapOptions>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("lockbox-imap-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<VaultOptions>(o => o.SessionGracePeriod = TimeSpan.Zero);
        builder.Services.Configure<ImapOptions>(o => configure?.Invoke(o));
        builder.Services.AddLockboxVault(Path.Combine(directory, "data"));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<ImapConnectionHandler>()));
        var app = builder.Build();
        await app.Services.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
        await app.StartAsync();
        return new ImapTestServer(app, directory);
    }

    public Task CreateUserAsync(string address, string password, bool encrypt = true) =>
        _app.Services.GetRequiredService<AccountService>().CreateUserAsync(address, password, encrypt, CancellationToken.None);

    public async Task DeliverAsync(string recipient, byte[] message)
    {
        var results = await _app.Services.GetRequiredService<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([recipient], "bob@example.net"), new MemoryStream(message), CancellationToken.None);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    public async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
