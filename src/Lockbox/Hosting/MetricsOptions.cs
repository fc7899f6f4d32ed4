// SPDX-License-Identifier: MIT
using System.Net;

namespace Lockbox.Hosting;

/// <summary>
/// <c>Metrics:*</c>: the Prometheus scrape endpoint <c>/metrics</c> on the web listener (docs/decisions/0032). Off unless
/// <c>Metrics:Enabled</c> is true; when on, only clients in <c>Metrics:AllowedNetworks</c> (CIDR, loopback by default)
/// reach it, everyone else gets the 404 the endpoint gives when it is off.
/// </summary>
public sealed class MetricsOptions
{
    public bool Enabled { get; set; }

    /// <summary>CIDR networks allowed to scrape, e.g. <c>10.0.0.0/8</c>. Empty means loopback only.</summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>Whether <paramref name="client"/> may scrape. IPv4-mapped IPv6 addresses count as IPv4.</summary>
    public bool Allows(IPAddress? client)
    {
        if (client is null)
        {
            return false;
        }

        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }

        return AllowedNetworks.Count == 0
            ? IPAddress.IsLoopback(client)
            : AllowedNetworks.Any(n => IPNetwork.Parse(n).Contains(client));
    }
}
