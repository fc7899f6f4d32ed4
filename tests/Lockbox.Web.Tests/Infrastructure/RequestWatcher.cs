// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>A local HTTP server that records the path of every request it gets.</summary>
internal sealed class RequestWatcher : IDisposable
{
    readonly HttpListener _listener = new();
    readonly ConcurrentQueue<string> _requests = new();

    public RequestWatcher()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public IReadOnlyCollection<string> Requests => [.. _requests];

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _requests.Enqueue(context.Request.Url!.AbsolutePath);
            context.Response.StatusCode = 404;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
