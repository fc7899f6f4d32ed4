// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Vault.Keys;
using Lockbox.Vault.Metadata;
using Lockbox.Vault.Search;
using Microsoft.Extensions.DependencyInjection;

/// <summary>What the search index adds to each delivery: text extraction in the MIME pass, encoding, and sealing under the message's session key.</summary>
internal static class IndexCost
{
    public static async Task ReportAsync(IServiceProvider services, List<byte[]> messages)
    {
        var store = services.GetRequiredService<IMailStore>();
        var user = (await store.FindUserAsync("bench@example.org", CancellationToken.None))!;
        var key = (await store.GetKeysAsync(user.Id, CancellationToken.None)).First(k => k.IsActive);
        var certificate = services.GetRequiredService<CertificateCache>().Get(key.Fingerprint, key.PublicKey);

        // Warm up the JIT for both paths before timing.
        for (var round = 0; round < 2; round++)
        {
            var metadataOnly = await TimeAsync(messages, async m => await MetadataReader.ReadAsync(new MemoryStream(m), CancellationToken.None));
            var withText = await TimeAsync(messages, async m =>
            {
                using var text = new SearchTextCollector(SearchTextCollector.DefaultLimit);
                var metadata = await MetadataReader.ReadAsync(new MemoryStream(m), text, CancellationToken.None);
                _ = SearchDocument.Encode(metadata, text.Utf8.Span);
            });
            var documents = new List<byte[]>();
            foreach (var m in messages)
            {
                using var text = new SearchTextCollector(SearchTextCollector.DefaultLimit);
                documents.Add(SearchDocument.Encode(await MetadataReader.ReadAsync(new MemoryStream(m), text, CancellationToken.None), text.Utf8.Span));
            }

            // At delivery the document is sealed under the message's own session key (docs/decisions/0008): AES only.
            using var session = MessageSession.Open([certificate]);
            var seal = await TimeAsync(documents, d =>
            {
                _ = session.Encrypt(d);
                return Task.CompletedTask;
            });
            if (round == 1)
            {
                Console.WriteLine();
                Console.WriteLine($"Per message, mean over {messages.Count} (single thread):");
                Console.WriteLine("| delivery step | time |");
                Console.WriteLine("|---|---:|");
                Console.WriteLine($"| MIME pass for the metadata alone | {metadataOnly * 1000:F0} µs |");
                Console.WriteLine($"| MIME pass with text extraction and document encoding | {withText * 1000:F0} µs |");
                Console.WriteLine($"| sealing the document under the message's session key (AES-256 SEIPD) | {seal * 1000:F0} µs |");
                Console.WriteLine($"| added by the search index | {(withText - metadataOnly + seal) * 1000:F0} µs |");
            }
        }
    }

    /// <summary>Mean milliseconds per item.</summary>
    static async Task<double> TimeAsync(List<byte[]> items, Func<byte[], Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var item in items)
        {
            await action(item);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds / items.Count;
    }
}
