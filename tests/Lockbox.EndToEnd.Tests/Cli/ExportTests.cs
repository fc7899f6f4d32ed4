// SPDX-License-Identifier: MIT
using Lockbox.Cli;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary><c>export ADDRESS --out DIR</c>: every message as stored, plus index.tsv; no password, no decryption.</summary>
public sealed class ExportTests
{
    [Fact]
    public async Task Export_writes_every_message_as_stored_and_index_tsv_lists_each_one()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("bob@example.org", "bob password", encrypt: false);
        string[] messages = [CliDataDirectory.Message("first"), CliDataDirectory.Message("second"), CliDataDirectory.Message("third")];
        foreach (var message in messages)
        {
            await data.DeliverAsync("bob@example.org", message);
        }

        var output = data.Scratch("out");
        Assert.Equal($"exported 3 messages to {output}\n", CliAssert.Succeeds(await data.RunAsync(null, "export", "bob@example.org", "--out", output)).Stdout);

        var index = (await File.ReadAllLinesAsync(Path.Combine(output, "index.tsv"), TestContext.Current.CancellationToken)).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["file", "mailbox", "uid", "uidvalidity", "internal_date", "flags", "encrypted"], index[0]);
        Assert.Equal(4, index.Count);
        Assert.Equal(["000001.eml", "000002.eml", "000003.eml", "index.tsv"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        for (var i = 0; i < messages.Length; i++)
        {
            var row = index[i + 1];
            Assert.Equal((row[0], row[1], row[2], row[6]), ($"{i + 1:D6}.eml", "INBOX", $"{i + 1}", "no"));
            Assert.EndsWith(messages[i], await File.ReadAllTextAsync(Path.Combine(output, row[0]), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_encrypted_user_exports_pgp_files_marked_encrypted_in_the_index()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);
        var message = CliDataDirectory.Message("secret-stuff");
        await data.DeliverAsync("alice@example.org", message);

        var output = data.Scratch("out");
        CliAssert.Succeeds(await data.RunAsync(null, "export", "alice@example.org", "--out", output));

        var row = (await File.ReadAllLinesAsync(Path.Combine(output, "index.tsv"), TestContext.Current.CancellationToken))[1].Split('\t');
        Assert.Equal(("000001.eml.pgp", "yes"), (row[0], row[6]));
        var stored = await File.ReadAllBytesAsync(Path.Combine(output, row[0]), TestContext.Current.CancellationToken);
        Assert.Equal(-1, stored.AsSpan().IndexOf("secret-stuff"u8));
    }

    [Fact]
    public async Task Export_refuses_a_non_empty_directory_with_one_line_and_writes_nothing_there()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("bob@example.org", "bob password", encrypt: false);
        await data.DeliverAsync("bob@example.org", CliDataDirectory.Message("kept"));
        var output = data.Scratch("busy");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "mine.txt"), "do not touch", TestContext.Current.CancellationToken);

        CliAssert.FailsWithOneLine(await data.RunAsync(null, "export", "bob@example.org", "--out", output), ExitCodes.Rejected);

        Assert.Equal(["mine.txt"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Equal("do not touch", await File.ReadAllTextAsync(Path.Combine(output, "mine.txt"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Exporting_an_unknown_user_fails_with_one_line()
    {
        using var data = new CliDataDirectory();

        CliAssert.FailsWithOneLine(await data.RunAsync(null, "export", "nobody@example.org", "--out", data.Scratch("out")), ExitCodes.Rejected);
    }
}
