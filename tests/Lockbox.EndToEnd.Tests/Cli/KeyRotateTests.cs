// SPDX-License-Identifier: MIT
using System.Text.RegularExpressions;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 5, "rotation": mail from before and after <c>key rotate</c> is readable, and new mail is encrypted
/// to the new key only, as gpg's <c>--list-packets</c> sees the stored files.
/// </summary>
public sealed partial class KeyRotateTests
{
    const string Address = "alice@example.org";
    const string Password = "alice password";

    [Fact]
    public async Task New_mail_goes_to_the_new_key_only_and_old_and_new_mail_both_read()
    {
        using var data = new CliDataDirectory();
        await data.AddUserAsync(Address, Password, encrypt: true);
        var before = CliDataDirectory.Message("before-rotation");
        await data.DeliverAsync(Address, before);
        var oldLine = CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout;

        var rotated = CliAssert.Succeeds(await data.RunAsync(Password + "\n", "key", "rotate", Address, "--password-stdin")).Stdout;
        Assert.NotEqual(oldLine, rotated);
        Assert.Equal(rotated, CliAssert.Succeeds(await data.RunAsync(null, "user", "list")).Stdout);
        var after = CliDataDirectory.Message("after-rotation");
        await data.DeliverAsync(Address, after);

        var newSubkey = await EncryptionSubkeyIdAsync(CliAssert.Succeeds(await data.RunAsync(null, "key", "export", Address)).Stdout);
        var export = data.Scratch("export");
        CliAssert.Succeeds(await data.RunAsync(null, "export", Address, "--out", export));
        var files = Directory.GetFiles(export, "*.eml.pgp").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        var beforeRecipients = await RecipientKeyIdsAsync(files[0]);
        var afterRecipients = await RecipientKeyIdsAsync(files[1]);
        Assert.Equal([newSubkey], afterRecipients);
        Assert.DoesNotContain(newSubkey, beforeRecipients);
        Assert.Single(beforeRecipients);

        await using var server = await LockboxServer.StartAsync(data.Path);
        using var client = new MailKit.Net.Imap.ImapClient();
        await client.ConnectAsync("127.0.0.1", server.Listeners["imap"].Port, MailKit.Security.SecureSocketOptions.None, TestContext.Current.CancellationToken);
        await client.AuthenticateAsync(Address, Password, TestContext.Current.CancellationToken);
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly, TestContext.Current.CancellationToken);
        Assert.EndsWith(before, await RawAsync(client, 0), StringComparison.Ordinal);
        Assert.EndsWith(after, await RawAsync(client, 1), StringComparison.Ordinal);
    }

    static async Task<string> RawAsync(MailKit.Net.Imap.ImapClient client, int index)
    {
        using var stream = await client.Inbox.GetStreamAsync(index, string.Empty, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The key IDs of the message's public-key encrypted session key packets (RFC 9580 section 5.1).</summary>
    internal static async Task<List<string>> RecipientKeyIdsAsync(string file)
    {
        using var gpg = new GpgHome();
        var listing = await gpg.RunAsync(null, "--list-packets", file);
        return [.. KeyIdInListing().Matches(listing.Stdout + listing.Stderr).Select(m => m.Groups["id"].Value.ToUpperInvariant()).Distinct()];
    }

    internal static async Task<string> EncryptionSubkeyIdAsync(string armoredPublicKey)
    {
        using var gpg = new GpgHome();
        var file = Path.Combine(gpg.Path, "key.asc");
        await File.WriteAllTextAsync(file, armoredPublicKey, TestContext.Current.CancellationToken);
        var shown = await gpg.RunAsync(null, "--with-colons", "--show-keys", file);
        // "sub:-:255:18:KEYID:..." (gpg's DETAILS: field 5 is the key ID; algorithm 18 is ECDH).
        return shown.Stdout.Split('\n').Single(l => l.StartsWith("sub:", StringComparison.Ordinal)).Split(':')[4].ToUpperInvariant();
    }

    [GeneratedRegex(@"pubkey enc packet: version \d, algo \d+, keyid (?<id>[0-9A-Fa-f]{16})")]
    private static partial Regex KeyIdInListing();
}
