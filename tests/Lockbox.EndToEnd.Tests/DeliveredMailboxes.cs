// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// One real server and what the round-trip tests delivered to it: a mailgen corpus through
/// smtplib.LMTP to each user, then every edge case through the raw client in one two-recipient
/// transaction each. The server keeps running, so export runs beside it as it would in production.
/// </summary>
public sealed class DeliveredMailboxes : IAsyncLifetime
{
    public const string Sender = "sender@example.net";
    public const string Encrypted = "alice@example.org";
    public const string Cleartext = "bob@example.org";
    public const string Spare1 = "carol@example.org";
    public const string Spare2 = "dave@example.org";
    public const string Password = "correct horse battery staple";
    const int CorpusSize = 40;
    const int CorpusSeed = 3;

    readonly TempDirectory _temp = new();
    LockboxServer? _server;

    public string DataDirectory => _temp.Combine("data");

    internal LockboxServer Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>Every message both users were sent, in delivery order, with a name for messages.</summary>
    internal List<(string Name, byte[] Bytes)> Delivered { get; } = [];

    /// <summary>The raw client's per-recipient replies for each edge case, in RCPT order (Encrypted, Cleartext).</summary>
    internal List<(EdgeCase Case, IReadOnlyList<LmtpResponse> Replies)> EdgeCaseReplies { get; } = [];

    internal IReadOnlyList<PythonDelivery> PythonResults { get; private set; } = [];

    public string Combine(string name) => _temp.Combine(name);

    public async ValueTask InitializeAsync()
    {
        await LockboxVerbs.AddUserAsync(DataDirectory, Encrypted, Password, encrypt: true);
        foreach (var user in new[] { Cleartext, Spare1, Spare2 })
        {
            await LockboxVerbs.AddUserAsync(DataDirectory, user, Password, encrypt: false);
        }

        var corpus = await MailgenCorpus.GenerateAsync(_temp.Combine("corpus"), CorpusSize, CorpusSeed);
        _server = await LockboxServer.StartAsync(DataDirectory);

        var python = new List<PythonDelivery>();
        foreach (var recipient in new[] { Encrypted, Cleartext })
        {
            python.AddRange(await PythonLmtp.SendAsync(Server.Lmtp, Sender, [recipient], corpus.Messages.Select(m => m.Path)));
        }

        PythonResults = python;
        foreach (var message in corpus.Messages)
        {
            Delivered.Add(("mailgen " + Path.GetFileName(message.Path), await File.ReadAllBytesAsync(message.Path)));
        }

        await using var client = await RawLmtpClient.ConnectAndGreetAsync(Server.Lmtp);
        foreach (var edgeCase in EdgeCaseMessages.All(Encrypted))
        {
            EdgeCaseReplies.Add((edgeCase, await client.SendAsync(Sender, [Encrypted, Cleartext], edgeCase.Bytes)));
            Delivered.Add((edgeCase.Name, edgeCase.Bytes));
        }

        await client.CommandAsync("QUIT");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _temp.Dispose();
    }
}
