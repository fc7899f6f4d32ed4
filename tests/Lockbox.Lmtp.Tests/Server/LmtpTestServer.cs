// SPDX-License-Identifier: MIT
using System.Net;
using System.Net.Sockets;
using Lockbox.Lmtp.Server;
using Lockbox.Vault.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lockbox.Lmtp.Tests.Server;

/// <summary>The LMTP handler on a real Kestrel listener at 127.0.0.1, port 0.</summary>
internal sealed class LmtpTestServer : IAsyncDisposable
{
    readonly WebApplication _app;

    LmtpTestServer(WebApplication app, RecordingDeliveryService delivery)
    {
        _app = app;
        Delivery = delivery;
    }

    public RecordingDeliveryService Delivery { get; }

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public static async Task<LmtpTestServer> StartAsync(Action<LmtpOptions>? configure = null)
    {
        var delivery = new RecordingDeliveryService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IDeliveryService>(delivery);
        builder.Services.AddSingleton(TestCertificate.Shared);
        builder.Services.Configure<LmtpOptions>(o =>
        {
            o.HostName = "lockbox.test";
            configure?.Invoke(o);
        });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<LmtpConnectionHandler>()));
        var app = builder.Build();
        await app.StartAsync();
        return new LmtpTestServer(app, delivery);
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
    }
}
