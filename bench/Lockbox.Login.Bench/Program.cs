// SPDX-License-Identifier: MIT
// Login cost with N messages delivered since the last login, as a whole process:
//   dotnet run -c Release --project bench/Lockbox.Login.Bench -- [N...]
// For each N: deliver N small messages to an encrypted user, then time
//   first login  = Argon2 unlock + unwrap mailbox key + re-seal N index records,
//   second login = after the grace period: Argon2 unlock + nothing to re-seal,
//   cached login = while a session is open: the in-memory HMAC check only,
//   list         = ListMessagesAsync, then GetMetadataAsync of every UID over N re-sealed records (symmetric only, from
//                  the cache when the re-seal at the first login kept them).
using System.Diagnostics;
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

var counts = args.Length > 0 ? args.Select(int.Parse).ToArray() : [100, 1000];
Console.WriteLine("| pending messages | first login (re-seal) | second login | cached login | list all |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
foreach (var count in counts)
{
    var directory = Directory.CreateTempSubdirectory("lockbox-login-bench-").FullName;
    try
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.Configure<VaultOptions>(o => o.SessionGracePeriod = TimeSpan.Zero);
        services.AddLockboxVault(Path.Combine(directory, "data"));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
        await provider.GetRequiredService<AccountService>().CreateUserAsync("bench@example.org", "password", encrypt: true, CancellationToken.None);
        var delivery = provider.GetRequiredService<IDeliveryService>();
        for (var i = 0; i < count; i++)
        {
            var message = Encoding.UTF8.GetBytes($"Subject: message {i}\r\nFrom: a@example.net\r\nMessage-ID: <{i}@bench>\r\n\r\n{new string('x', 2000)}\r\n");
            await delivery.DeliverAsync(new DeliveryRequest(["bench@example.org"], "a@example.net"), new MemoryStream(message), CancellationToken.None);
        }

        var sessions = provider.GetRequiredService<ISessionService>();
        var first = await TimeAsync(async () => await (await sessions.OpenSessionAsync("bench@example.org", "password", CancellationToken.None)).DisposeAsync());
        await Task.Delay(100);
        await using var held = await sessions.OpenSessionAsync("bench@example.org", "password", CancellationToken.None);
        var cached = await TimeAsync(async () => await (await sessions.OpenSessionAsync("bench@example.org", "password", CancellationToken.None)).DisposeAsync());
        var list = await TimeAsync(async () => _ = await held.GetMetadataAsync(
            "INBOX", [.. (await held.ListMessagesAsync("INBOX", CancellationToken.None)).Select(m => m.Uid)], CancellationToken.None));
        await held.DisposeAsync();
        await Task.Delay(100);
        var second = await TimeAsync(async () => await (await sessions.OpenSessionAsync("bench@example.org", "password", CancellationToken.None)).DisposeAsync());
        Console.WriteLine($"| {count} | {first:F0} ms | {second:F0} ms | {cached:F1} ms | {list:F0} ms |");
    }
    finally
    {
        Directory.Delete(directory, recursive: true);
    }
}

static async Task<double> TimeAsync(Func<Task> action)
{
    var started = Stopwatch.GetTimestamp();
    await action();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
