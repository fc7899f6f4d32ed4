// SPDX-License-Identifier: MIT
using System.Net;
using System.Security.Authentication;
using System.Text;
using Lockbox.Crypto.Keys;
using Lockbox.FrontEnd.Tls;
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Sending;
using Lockbox.Vault.Sessions;
using Lockbox.Web.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>
/// The webmail as <c>lockbox serve</c> hosts it (AddLockboxWeb, MapLockboxWeb, one Kestrel listener, HTTP or HTTPS
/// with a self-signed certificate) on 127.0.0.1 port 0, over a real Vault in a temp directory.
/// </summary>
internal sealed class WebTestServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string _directory;
    readonly ServerCertificate _certificate;

    WebTestServer(WebApplication app, string directory, ServerCertificate certificate, Uri baseAddress)
    {
        _app = app;
        _directory = directory;
        _certificate = certificate;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public WebSessionRegistry Registry => _app.Services.GetRequiredService<WebSessionRegistry>();

    /// <summary>Users whose key Vault holds unlocked right now.</summary>
    public int UnlockedUsers => ((SessionService)_app.Services.GetRequiredService<ISessionService>()).UnlockedUsers;

    /// <summary>The temp directory holding the data directory, for leak scans.</summary>
    public string Root => _directory;

    /// <summary>The server's services (Vault's session service, to look into mailboxes the way IMAP would; escrow set-up).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<WebTestServer> StartAsync(Action<WebOptions>? configure = null, bool tls = false, Action<SmtpOptions>? smtp = null, string escrowMode = "off")
    {
        var directory = Directory.CreateTempSubdirectory("lockbox-web-").FullName;
        var data = Path.Combine(directory, "data");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<VaultOptions>(o => o.SessionGracePeriod = TimeSpan.Zero);
        builder.Services.Configure<Lockbox.Vault.Policy.EscrowOptions>(o => o.Mode = escrowMode);
        builder.Services.AddLockboxVault(data);
        builder.Services.AddLockboxWeb(new ConfigurationBuilder().Build());
        builder.Services.Configure<WebOptions>(o => configure?.Invoke(o));
        builder.Services.Configure<SmtpOptions>(o => smtp?.Invoke(o));
        builder.WebHost.UseKestrelHttpsConfiguration();
        var certificate = ServerCertificate.LoadOrCreate(null, null, data, TimeProvider.System);
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            if (tls)
            {
                l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate.Certificate, SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 });
            }

            listener = l;
        }));
        var app = builder.Build();
        app.MapLockboxWeb();
        await app.Services.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
        await app.StartAsync();
        var baseAddress = new Uri((tls ? "https" : "http") + "://127.0.0.1:" + listener!.IPEndPoint!.Port + "/");
        return new WebTestServer(app, directory, certificate, baseAddress);
    }

    public Task CreateUserAsync(string address, string password, bool encrypt = true) =>
        _app.Services.GetRequiredService<AccountService>().CreateUserAsync(address, password, encrypt, CancellationToken.None);

    /// <summary>Two-password mode: the key gets <paramref name="passphrase"/>, the login stays <paramref name="password"/>.</summary>
    public Task SetKeyPassphraseAsync(string address, string password, string passphrase) =>
        _app.Services.GetRequiredService<AccountService>().SetKeyPassphraseAsync(address, password, password, passphrase, CancellationToken.None);

    /// <summary>Zero-access: a public key of the user's own, made here, replaces the server's key (docs/decisions/0018).</summary>
    public async Task MakeZeroAccessAsync(string address, string password)
    {
        using var own = KeyGenerator.Generate(address);
        await _app.Services.GetRequiredService<KeyImporter>().ImportAsync(
            address, Encoding.ASCII.GetBytes(own.Certificate.ToArmored()), password, null, new KeyImportOptions(DiscardServerKey: false), CancellationToken.None);
    }

    public async Task CreateMailboxAsync(string address, string password, string name)
    {
        await using var session = await _app.Services.GetRequiredService<ISessionService>().OpenSessionAsync(address, password, CancellationToken.None);
        await session.CreateMailboxAsync(name, CancellationToken.None);
    }

    /// <summary>Delivers <paramref name="message"/> (CRLF line ends expected) through the funnel, as LMTP would.</summary>
    public async Task DeliverAsync(string recipient, string message)
    {
        var results = await _app.Services.GetRequiredService<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([recipient], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), CancellationToken.None);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    /// <summary>A browser-like client: its own cookie jar, no automatic redirects.</summary>
    public BrowserClient NewClient() => new(BaseAddress);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
