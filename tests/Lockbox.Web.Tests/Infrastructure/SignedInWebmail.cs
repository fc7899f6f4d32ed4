// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>A test server with one encrypted user, some delivered mail, and a client signed in as that user.</summary>
internal sealed class SignedInWebmail : IAsyncDisposable
{
    public const string Address = "alice@example.org";
    public const string Password = "pw-alice-1";

    SignedInWebmail(WebTestServer server, BrowserClient client)
    {
        Server = server;
        Client = client;
    }

    public WebTestServer Server { get; }

    public BrowserClient Client { get; }

    public static async Task<SignedInWebmail> StartAsync(Action<WebOptions>? configure = null, params string[] messages)
    {
        var server = await WebTestServer.StartAsync(configure);
        await server.CreateUserAsync(Address, Password);
        foreach (var message in messages)
        {
            await server.DeliverAsync(Address, message);
        }

        var client = server.NewClient();
        await client.LogInAsync(Address, Password);
        return new SignedInWebmail(server, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
