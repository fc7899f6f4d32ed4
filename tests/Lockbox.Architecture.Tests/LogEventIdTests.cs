// SPDX-License-Identifier: MIT
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Lockbox.Architecture.Tests;

/// <summary>
/// An operator filters and alerts on log event IDs, so one ID must mean one event in the whole server: each assembly
/// keeps its own thousand (LMTP 2xxx, IMAP 3xxx, Vault 4xxx, the host 5xxx).
/// Lockbox.Storage: 7000-7099 (the PostgreSQL store, docs/decisions/0026; 7050-7052 the change listener, 0029).
/// </summary>
public sealed class LogEventIdTests
{
    static readonly string[] Assemblies = ["Lockbox", "Lockbox.Lmtp", "Lockbox.Imap", "Lockbox.Vault", "Lockbox.Storage", "Lockbox.FrontEnd", "Lockbox.Web"];

    [Fact]
    public void No_two_log_messages_of_the_server_share_an_event_id()
    {
        var messages = Assemblies
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.FullName}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();

        Assert.True(messages.Count > 20, $"only {messages.Count} log messages found");
        Assert.True(shared.Count == 0, string.Join("; ", shared));
    }
}
