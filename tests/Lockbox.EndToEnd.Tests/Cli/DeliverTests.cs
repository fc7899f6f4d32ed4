// SPDX-License-Identifier: MIT
using Lockbox.Cli;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// <c>deliver --to</c>, LDA mode: the MTA reads only the exit code (sysexits.h: 0 stored, 67 bounce,
/// 75 retry later) and the one stderr line, which it puts into its log or bounce.
/// </summary>
public sealed class DeliverTests
{
    [Fact]
    public async Task A_stored_message_exits_0_and_decrypts_with_gpg_to_the_message_after_the_trace_headers()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);
        var message = CliDataDirectory.Message("lda") + "8-bit: gr\u00fc\u00dfe\r\n";

        var result = CliAssert.Succeeds(await data.RunAsync(message, "deliver", "--to", "alice@example.org", "--from", "sender@example.net"));

        Assert.Equal("", result.Stdout);
        var plaintext = Assert.Single(await data.ExportAndDecryptAsync("alice@example.org", "alice password"));
        Assert.EndsWith(message, plaintext, StringComparison.Ordinal);
        var trace = plaintext[..^message.Length];
        Assert.StartsWith("Return-Path: <sender@example.net>\r\n", trace, StringComparison.Ordinal);
        Assert.Contains("Delivered-To: alice@example.org\r\n", trace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_exits_67_with_one_line()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: false);

        CliAssert.FailsWithOneLine(
            await data.RunAsync(CliDataDirectory.Message("nobody"), "deliver", "--to", "nobody@example.org"), ExitCodes.NoSuchUser);

        Assert.Empty(data.Inspector.StoredBlobs());
    }

    [Fact]
    public async Task A_corrupt_public_key_exits_75_with_one_line_and_stores_nothing()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);
        data.Inspector.CorruptPublicKeys("alice@example.org");

        CliAssert.FailsWithOneLine(
            await data.RunAsync(CliDataDirectory.Message("fail-closed"), "deliver", "--to", "alice@example.org"), ExitCodes.TemporaryFailure);

        Assert.Empty(data.Inspector.StoredBlobs());
        Assert.Empty(data.Inspector.TempFiles());
        Assert.Equal(0, data.Inspector.CountRows("messages"));
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_exits_75_with_one_line()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: false);
        var database = data.Inspector.DatabasePath;
        foreach (var sidecar in new[] { database + "-wal", database + "-shm" })
        {
            File.Delete(sidecar);
        }

        await File.WriteAllBytesAsync(database, System.Text.Encoding.ASCII.GetBytes(new string('#', 8192)), TestContext.Current.CancellationToken);

        CliAssert.FailsWithOneLine(
            await data.RunAsync(CliDataDirectory.Message("broken-db"), "deliver", "--to", "alice@example.org"), ExitCodes.TemporaryFailure);

        // The database is garbage, so only the blob directory can be looked at: no file was written.
        Assert.Empty(data.Inspector.BlobFiles());
    }
}
