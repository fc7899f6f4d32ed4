// SPDX-License-Identifier: MIT
// IMAP SEARCH over N messages of an encrypted user, as a whole process (Kestrel IMAP listener on loopback,
// real SQLite and blobs in a temp directory, a raw IMAP client on a socket):
//   dotnet run -c Release --project bench/Lockbox.Search.Bench -- [N]
// It delivers N generated messages (about 3 KiB of text each) through the delivery funnel, then times
//   first login      = Argon2 unlock + re-seal N metadata records and N search documents (fills the cache),
//   SEARCH warm      = SEARCH BODY / SUBJECT with the documents in the session cache (median of 5),
//   SEARCH cold      = the first SEARCH BODY after a fresh login with an empty cache (reads and opens N documents),
// and, per message, the delivery cost of the index: text extraction during the MIME pass, and sealing the
// document to the public key.
using System.Diagnostics;
using System.Net;
using System.Text;
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

var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
const string Address = "bench@example.org";
const string Password = "password";
var directory = Directory.CreateTempSubdirectory("lockbox-search-bench-").FullName;
try
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.ClearProviders();
    builder.Services.Configure<VaultOptions>(o => o.SessionGracePeriod = TimeSpan.Zero);
    builder.Services.AddLockboxVault(Path.Combine(directory, "data"));
    builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseConnectionHandler<ImapConnectionHandler>()));
    await using var app = builder.Build();
    await app.Services.GetRequiredService<IMailStore>().MigrateAsync(CancellationToken.None);
    await app.StartAsync();
    var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    await app.Services.GetRequiredService<AccountService>().CreateUserAsync(Address, Password, encrypt: true, CancellationToken.None);

    var messages = Enumerable.Range(0, count).Select(Corpus.Message).ToList();
    var delivery = app.Services.GetRequiredService<IDeliveryService>();
    var started = Stopwatch.GetTimestamp();
    // Four writers at a time, as an MTA's parallel LMTP connections would be.
    await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (message, ct) =>
        await delivery.DeliverAsync(new DeliveryRequest([Address], "a@example.net"), new MemoryStream(message), ct));
    var delivered = Stopwatch.GetElapsedTime(started);
    Console.WriteLine($"delivered {count} messages ({messages.Sum(m => (long)m.Length) / 1024 / 1024} MiB) in {delivered.TotalSeconds:F1} s ({delivered.TotalMilliseconds / count:F2} ms per message)");

    Console.WriteLine("| step | time |");
    Console.WriteLine("|---|---:|");
    using (var client = await ImapClient.ConnectAsync(port))
    {
        Console.WriteLine($"| first login (unlock, re-seal {count} metadata records and {count} search documents) | {await client.TimeAsync($"LOGIN {Address} {Password}"):F0} ms |");
        Console.WriteLine($"| SELECT INBOX | {await client.TimeAsync("SELECT INBOX"):F0} ms |");
        Console.WriteLine($"| SEARCH BODY {Corpus.RareWord} (warm, median of 5; {Corpus.RareCount(count)} hits) | {await client.MedianAsync($"SEARCH BODY {Corpus.RareWord}"):F1} ms |");
        Console.WriteLine($"| SEARCH SUBJECT {Corpus.RareWord} (warm, median of 5) | {await client.MedianAsync($"SEARCH SUBJECT {Corpus.RareWord}"):F1} ms |");
        Console.WriteLine($"| SEARCH BODY common word (warm, median of 5) | {await client.MedianAsync("SEARCH BODY harbour"):F1} ms |");
        Console.WriteLine($"| SEARCH TEXT absent word (warm, median of 5) | {await client.MedianAsync("SEARCH TEXT nowherezzz"):F1} ms |");
        await client.TimeAsync("LOGOUT");
    }

    // The grace period is zero: the unlocked state and its cache are gone. A new login starts cold.
    await Task.Delay(200);
    using (var client = await ImapClient.ConnectAsync(port))
    {
        Console.WriteLine($"| second login (unlock only) | {await client.TimeAsync($"LOGIN {Address} {Password}"):F0} ms |");
        await client.TimeAsync("SELECT INBOX");
        Console.WriteLine($"| SEARCH BODY {Corpus.RareWord} (cold: read and open {count} documents) | {await client.TimeAsync($"SEARCH BODY {Corpus.RareWord}"):F0} ms |");
        Console.WriteLine($"| SEARCH SUBJECT {Corpus.RareWord} (warm after it) | {await client.MedianAsync($"SEARCH SUBJECT {Corpus.RareWord}"):F1} ms |");
        await client.TimeAsync("LOGOUT");
    }

    await IndexCost.ReportAsync(app.Services, messages.Take(Math.Min(count, 2000)).ToList());
    await app.StopAsync();
}
finally
{
    Directory.Delete(directory, recursive: true);
}
