// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using Lockbox.EndToEnd.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// The QUOTA extension (RFC 9208) and OVERQUOTA (RFC 5530) over IMAP (docs/decisions/0041): MailKit reads the STORAGE
/// resource; APPEND and COPY that do not fit are refused, MOVE (which adds nothing) is not; SETQUOTA is the administrator's.
/// </summary>
public sealed class QuotaImapTests
{
    const string User = "alice@example.org";
    const string Unlimited = "bob@example.org";
    const string Password = "correct horse battery staple";

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clients_read_the_storage_quota_and_appends_and_copies_that_do_not_fit_are_refused_with_overquota()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Unlimited, Password, encrypt: true);
        await LockboxVerbs.QuotaAsync(data, User, "--limit", "40K");
        await using var server = await LockboxServer.StartAsync(data);
        var file = temp.Combine("m.eml");
        await File.WriteAllTextAsync(file, Message("delivered", 20_000), Ct);
        Assert.True(Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, "sender@example.net", [User], [file])).AllStored(1));
        var (used, _) = await LockboxVerbs.QuotaAsync(data, User);

        using (var client = await MailKitInbox.OpenAsync(server, User, Password, Ct))
        {
            Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Quota));
            var quota = await client.Inbox.GetQuotaAsync(Ct);
            Assert.Equal((40u, (uint)((used + 1023) / 1024)), (quota.StorageLimit, quota.CurrentStorageSize));
        }

        using (var imap = await RawImapClient.LoginAsync(server, User, Password, Ct))
        {
            var roots = await imap.UntaggedAsync("GETQUOTAROOT INBOX");
            Assert.Contains("* QUOTAROOT \"INBOX\" \"\"", roots, StringComparison.Ordinal);
            Assert.Contains($"* QUOTA \"\" (STORAGE {(used + 1023) / 1024} 40)", roots, StringComparison.Ordinal);
            Assert.StartsWith("NO [NONEXISTENT]", await imap.TaggedAsync("GETQUOTA \"other\""), StringComparison.Ordinal);
            Assert.StartsWith("NO [NOPERM]", await imap.TaggedAsync("SETQUOTA \"\" (STORAGE 1000000)"), StringComparison.Ordinal);
            Assert.StartsWith("NO [NONEXISTENT]", await imap.TaggedAsync("GETQUOTAROOT Nowhere"), StringComparison.Ordinal);

            Assert.StartsWith("NO [OVERQUOTA] Mailbox is full", await imap.TaggedAsync(Append(Message("too big", 25_000))), StringComparison.Ordinal);
            Assert.StartsWith("OK", await imap.TaggedAsync(Append(Message("small", 1_000))), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await LockboxVerbs.ExportAsync(data, User, temp.Combine("export"))).Count);
        // At the limit: a COPY adds bytes and is refused, a MOVE adds none and goes through.
        await LockboxVerbs.QuotaAsync(data, User, "--limit", (await LockboxVerbs.QuotaAsync(data, User)).Used.ToString(CultureInfo.InvariantCulture));
        using (var imap = await RawImapClient.LoginAsync(server, User, Password, Ct))
        {
            await imap.UntaggedAsync("SELECT INBOX");
            Assert.StartsWith("NO [OVERQUOTA]", await imap.TaggedAsync("UID COPY 1 Archive"), StringComparison.Ordinal);
            Assert.StartsWith("OK", await imap.TaggedAsync("UID MOVE 1 Archive"), StringComparison.Ordinal);
        }

        using (var imap = await RawImapClient.LoginAsync(server, Unlimited, Password, Ct))
        {
            // Section 4.3: a mailbox with no quota root is listed alone.
            var roots = await imap.UntaggedAsync("GETQUOTAROOT INBOX");
            Assert.Equal("* QUOTAROOT \"INBOX\"", roots.Trim());
        }
    }

    static string Append(string message) => $"APPEND INBOX {{{Encoding.ASCII.GetByteCount(message)}+}}\r\n{message}";

    static string Message(string subject, int size) => SizedMessage.Text("sender@example.net", User, subject, size);
}
