// SPDX-License-Identifier: MIT
using Lockbox.Cli;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary><c>user delete</c>: every blob and row of the user goes, nothing of anyone else.</summary>
public sealed class UserDeleteTests
{
    [Fact]
    public async Task Delete_removes_every_blob_and_row_of_the_user_and_leaves_other_users_untouched()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync("alice@example.org", "alice password", encrypt: true);
        await data.AddUserAsync("bob@example.org", "bob password", encrypt: false);
        foreach (var tag in new[] { "one", "two" })
        {
            await data.DeliverAsync("alice@example.org", CliDataDirectory.Message("alice-" + tag));
            await data.DeliverAsync("bob@example.org", CliDataDirectory.Message("bob-" + tag));
        }

        var inspector = data.Inspector;
        var aliceBlobs = inspector.MessageRows().Where(r => r.Address == "alice@example.org").Select(r => r.BlobId).ToList();
        var bobBlobs = inspector.MessageRows().Where(r => r.Address == "bob@example.org").Select(r => r.BlobId).ToHashSet();
        Assert.Equal(2, aliceBlobs.Count);
        Assert.Equal(2, bobBlobs.Count);

        Assert.Equal("deleted alice@example.org\n", CliAssert.Succeeds(await data.RunAsync(null, "user", "delete", "alice@example.org")).Stdout);

        foreach (var table in new[] { "users", "user_keys", "mailboxes", "messages" })
        {
            Assert.Equal(0, inspector.RowsOf("alice@example.org", table));
            // No row of alice's survives detached from her user row either.
            Assert.Equal(inspector.RowsOf("bob@example.org", table), inspector.CountRows(table));
        }

        Assert.Equal(bobBlobs, inspector.StoredBlobs());
        Assert.Empty(inspector.TempFiles());
        Assert.Matches(@"^bob@example\.org\tnone\t-\t-\t-\tstored [1-9][0-9]*\t-\n$", CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
        var export = data.Scratch("bob-export");
        CliAssert.Succeeds(await data.RunAsync(null, "export", "bob@example.org", "--out", export));
        Assert.EndsWith(CliDataDirectory.Message("bob-one"), await File.ReadAllTextAsync(Path.Combine(export, "000001.eml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.EndsWith(CliDataDirectory.Message("bob-two"), await File.ReadAllTextAsync(Path.Combine(export, "000002.eml"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_unknown_user_fails_with_one_line()
    {
        using var data = new CliDataDirectory();

        CliAssert.FailsWithOneLine(await data.RunAsync(null, "user", "delete", "nobody@example.org"), ExitCodes.Rejected);
    }
}
