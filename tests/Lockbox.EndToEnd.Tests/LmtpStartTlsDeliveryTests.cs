// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// LMTP over TCP from an MTA on another host (docs/deployment.md, N nodes): with <c>Lmtp:RequireTls</c> the server takes
/// mail only after STARTTLS (RFC 3207), so it never crosses the network in clear. smtplib.LMTP verifies the server's
/// self-signed certificate against the file serve wrote, runs STARTTLS and delivers; without STARTTLS it is refused.
/// </summary>
public sealed class LmtpStartTlsDeliveryTests
{
    const string Sender = "sender@example.net";
    const string User = "bob@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task With_RequireTls_smtplib_delivers_over_STARTTLS_and_is_refused_in_clear()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        await LockboxVerbs.AddUserAsync(data, User, Password, encrypt: false);
        var message = CanaryMessage.Create(User);
        var file = temp.Combine("message.eml");
        await File.WriteAllBytesAsync(file, message.Bytes, TestContext.Current.CancellationToken);
        await using var server = await LockboxServer.StartAsync(data, new Dictionary<string, string> { ["LOCKBOX__Lmtp__RequireTls"] = "true" });
        var certificate = Path.Combine(data, "tls", "self-signed.crt");

        var clear = Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [User], [file]));
        var overTls = Assert.Single(await PythonLmtp.SendAsync(server.Lmtp, Sender, [User], [file], startTlsCaFile: certificate));

        // Temporary, so an MTA keeps the mail until its TLS setting is fixed (docs/decisions/0040).
        Assert.Equal((451, "4.7.0 Must issue a STARTTLS command first: TLS is required here"), clear.Replies[User]);
        Assert.True(overTls.AllStored(1), overTls.ToString());
        var stored = Assert.Single(await LockboxVerbs.ExportAsync(data, User, temp.Combine("export")));
        var difference = ByteAssert.Difference(StoredForm.Of(message.Bytes, Sender, User), File.ReadAllBytes(stored.Path));
        Assert.True(difference is null, difference);
    }

    [Fact]
    public async Task Serve_warns_at_start_when_LMTP_listens_beyond_loopback_without_RequireTls()
    {
        using var temp = new TempDirectory();
        const string Warning = "LMTP listens on 0.0.0.0:";

        await using (var open = await LockboxServer.StartAsync(temp.Combine("data"), "--lmtp", "0.0.0.0:0"))
        {
            Assert.Contains(Warning, await open.WaitForLogAsync(Warning), StringComparison.Ordinal);
            Assert.Contains("set Lmtp:RequireTls=true", open.Log, StringComparison.Ordinal);
        }

        await using var required = await LockboxServer.StartAsync(
            temp.Combine("data"), new Dictionary<string, string> { ["LOCKBOX__Lmtp__RequireTls"] = "true" }, "--lmtp", "0.0.0.0:0");
        // The core-dump line is logged after the point where the warning would be, through the same queue.
        Assert.Contains("ore dumps", await required.WaitForLogAsync("ore dumps"), StringComparison.Ordinal);
        Assert.DoesNotContain("LMTP listens on", required.Log, StringComparison.Ordinal);
    }
}
