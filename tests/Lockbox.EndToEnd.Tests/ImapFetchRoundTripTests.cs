// SPDX-License-Identifier: MIT
using System.Text.Json;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 4, "byte identity": the corpus and edge cases delivered over LMTP, read back through the real
/// server with MailKit's ImapClient. BODY.PEEK[] is the delivered message with only the trace headers
/// added; every section form is the slice MimeKit computes from the same bytes; ENVELOPE and
/// BODYSTRUCTURE as MailKit parses them match MimeKit's reading and Python's email package.
/// </summary>
[Collection(SharedDeliveredMailboxes.Name)]
public sealed class ImapFetchRoundTripTests(DeliveredMailboxes mail)
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DeliveredMailboxes.Encrypted)]
    [InlineData(DeliveredMailboxes.Cleartext)]
    public async Task Every_message_comes_back_from_BODY_PEEK_byte_identical_and_RFC822_SIZE_counts_it(string user)
    {
        using var client = await InboxAsync(user);
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, Ct);
        Assert.Equal(mail.Delivered.Count, summaries.Count);

        var differences = new List<string>();
        for (var i = 0; i < summaries.Count; i++)
        {
            var (name, original) = mail.Delivered[i];
            var body = await ReadAsync(await client.Inbox.GetStreamAsync(summaries[i].UniqueId, "", Ct));
            if (ByteAssert.Difference(StoredForm.Of(original, DeliveredMailboxes.Sender, user), body) is { } difference)
            {
                differences.Add($"{name}: {difference}");
            }

            if (summaries[i].Size != (uint)body.Length)
            {
                differences.Add($"{name}: RFC822.SIZE {summaries[i].Size}, BODY[] {body.Length} octets");
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public async Task Every_section_form_equals_the_slice_MimeKit_computes_from_the_delivered_bytes()
    {
        using var client = await InboxAsync(DeliveredMailboxes.Encrypted);
        var uids = (await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId, Ct)).Select(s => s.UniqueId).ToList();
        var differences = new List<string>();
        var checkedSections = 0;
        for (var i = 0; i < uids.Count; i++)
        {
            var (name, original) = mail.Delivered[i];
            foreach (var (section, expected) in MimeSlices.Of(StoredForm.Of(original, DeliveredMailboxes.Sender, DeliveredMailboxes.Encrypted)))
            {
                var actual = await ReadAsync(await client.Inbox.GetStreamAsync(uids[i], section, Ct));
                checkedSections++;
                if (ByteAssert.Difference(expected, actual) is { } difference)
                {
                    differences.Add($"{name} BODY[{section}]: {difference}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
        Assert.True(checkedSections > 8 * uids.Count, $"only {checkedSections} sections checked");
    }

    [Fact]
    public async Task Envelope_and_body_structure_as_MailKit_parses_them_match_MimeKit_and_Python()
    {
        using var client = await InboxAsync(DeliveredMailboxes.Encrypted);
        var summaries = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope | MessageSummaryItems.BodyStructure, Ct);
        var stored = mail.Delivered.Select(d => StoredForm.Of(d.Bytes, DeliveredMailboxes.Sender, DeliveredMailboxes.Encrypted)).ToList();
        var python = await PythonSummariesAsync(stored);
        var differences = new List<string>();
        var comparedWithPython = 0;
        for (var i = 0; i < summaries.Count; i++)
        {
            var name = mail.Delivered[i].Name;
            var message = MimeSlices.Parse(stored[i]);
            StructureCheck.Envelope(name, message, summaries[i].Envelope, differences);
            StructureCheck.Body(name, "", message.Body, summaries[i].Body, differences);
            comparedWithPython += StructureCheck.Python(name, python[i], summaries[i], differences) ? 1 : 0;
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences));
        Assert.True(comparedWithPython >= summaries.Count - 2, $"Python read only {comparedWithPython} of {summaries.Count} messages without defects");
    }

    async Task<ImapClient> InboxAsync(string user)
    {
        var client = new ImapClient();
        var imap = mail.Server.Listeners["imap"];
        await client.ConnectAsync(imap.Address.ToString(), imap.Port, SecureSocketOptions.None, Ct);
        await client.AuthenticateAsync(user, DeliveredMailboxes.Password, Ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly, Ct);
        return client;
    }

    async Task<List<JsonElement>> PythonSummariesAsync(List<byte[]> stored)
    {
        var directory = mail.Combine("python-summary");
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        for (var i = 0; i < stored.Count; i++)
        {
            files.Add(Path.Combine(directory, $"{i:D4}.eml"));
            await File.WriteAllBytesAsync(files[^1], stored[i], Ct);
        }

        var result = await ExternalProcess.RunAsync("python3", [ScriptPaths.EmailSummary, .. files]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return [.. JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray()];
    }

    static async Task<byte[]> ReadAsync(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            return copy.ToArray();
        }
    }
}
