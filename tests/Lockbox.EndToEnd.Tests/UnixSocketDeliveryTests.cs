// SPDX-License-Identifier: MIT
using System.Net.Sockets;
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// Issue 3, LMTP on a Unix socket (Postfix's <c>lmtp:unix:</c>): <c>serve --lmtp-socket PATH</c>
/// announces the socket, and smtplib.LMTP and the raw client deliver through it.
/// </summary>
public sealed class UnixSocketDeliveryTests
{
    const string Sender = "sender@example.net";
    const string Encrypted = "alice@example.org";
    const string Cleartext = "bob@example.org";
    const string Password = "correct horse battery staple";

    [Fact]
    public async Task Serve_with_a_Unix_socket_announces_it_and_delivers_through_it()
    {
        using var temp = new TempDirectory();
        var data = temp.Combine("data");
        var socket = temp.Combine("lmtp.sock");
        await LockboxVerbs.AddUserAsync(data, Encrypted, Password, encrypt: true);
        await LockboxVerbs.AddUserAsync(data, Cleartext, Password, encrypt: false);
        var corpus = await MailgenCorpus.GenerateAsync(temp.Combine("corpus"), count: 3, seed: 9);
        var raw = CanaryMessage.Create(Cleartext);

        await using var server = await LockboxServer.StartAsync(data, "--lmtp-socket", socket);
        Assert.Equal(socket, server.Addresses["lmtp-unix"]);

        // smtplib.LMTP treats a host starting with "/" as a socket path; two recipients, one reply each.
        var python = await PythonLmtp.SendAsync(socket, Sender, [Encrypted, Cleartext], corpus.Messages.Select(m => m.Path));
        Assert.Equal(3, python.Count);
        Assert.All(python, r => Assert.True(r.AllStored(2), r.ToString()));
        await using (var client = await RawLmtpClient.ConnectAndGreetAsync(new UnixDomainSocketEndPoint(socket)))
        {
            Assert.Equal(250, Assert.Single(await client.SendAsync(Sender, [Cleartext], raw.Bytes)).Code);
        }

        var encrypted = await LockboxVerbs.ExportAsync(data, Encrypted, temp.Combine("export-alice"));
        Assert.Equal(3, encrypted.Count);
        Assert.All(encrypted, e => Assert.True(e.Encrypted));
        var cleartext = await LockboxVerbs.ExportAsync(data, Cleartext, temp.Combine("export-bob"));
        byte[][] delivered = [.. corpus.Messages.Select(m => File.ReadAllBytes(m.Path)), raw.Bytes];
        Assert.Equal(delivered.Length, cleartext.Count);
        for (var i = 0; i < delivered.Length; i++)
        {
            var difference = ByteAssert.Difference(StoredForm.Of(delivered[i], Sender, Cleartext), File.ReadAllBytes(cleartext[i].Path));
            Assert.True(difference is null, $"message {i + 1}: {difference}");
        }
    }
}
