// SPDX-License-Identifier: MIT
using System.Text.Json;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A deterministic mailgen.py corpus (plain, multipart/alternative, attachments, 1-3 MiB messages;
/// CRLF line ends; two canaries per message), generated at test time from a fixed seed.
/// </summary>
internal sealed class MailgenCorpus
{
    MailgenCorpus(IReadOnlyList<CorpusMessage> messages)
    {
        Messages = messages;
    }

    /// <summary>The messages in file order (000001.eml first).</summary>
    public IReadOnlyList<CorpusMessage> Messages { get; }

    public static async Task<MailgenCorpus> GenerateAsync(string directory, int count, int seed)
    {
        (await ExternalProcess.RunAsync("python3", [ScriptPaths.Mailgen, "--count", $"{count}", "--seed", $"{seed}", "--out", directory]))
            .EnsureSuccess();
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, "manifest.json")));
        var messages = manifest.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => new CorpusMessage(
                Path.Combine(directory, m.GetProperty("file").GetString()!),
                m.GetProperty("subject_canary").GetString()!,
                m.GetProperty("body_canary").GetString()!))
            .ToList();
        if (messages.Count != count)
        {
            throw new InvalidOperationException($"mailgen wrote {messages.Count} messages, not {count}");
        }

        return new MailgenCorpus(messages);
    }
}
