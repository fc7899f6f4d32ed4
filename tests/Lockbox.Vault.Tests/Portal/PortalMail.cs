// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Tests.Portal;

/// <summary>Mail for the key portal's tests: delivered through the real funnel, read back through a real session.</summary>
internal static class PortalMail
{
    public const string Password = "correct horse battery staple";

    /// <summary>Delivers <paramref name="count"/> small messages to <paramref name="address"/>, a few at a time (the funnel batches commits).</summary>
    public static async Task DeliverAsync(VaultFixture vault, string address, int count, CancellationToken cancellationToken)
    {
        var funnel = vault.Get<IDeliveryService>();
        await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (n, token) =>
            {
                var message = $"From: bob@example.net\r\nTo: {address}\r\nSubject: message {n}\r\n\r\nbody of message {n}\r\n";
                var results = await funnel.DeliverAsync(new DeliveryRequest([address], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), token);
                Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
            });
    }

    /// <summary>Every message of the INBOX, read through a session opened with <paramref name="password"/>.</summary>
    public static async Task<List<string>> ReadAllAsync(VaultFixture vault, string address, string password, CancellationToken cancellationToken)
    {
        await using var session = await vault.Get<ISessionService>().OpenSessionAsync(address, password, cancellationToken);
        var texts = new List<string>();
        foreach (var message in await session.ListMessagesAsync("INBOX", cancellationToken))
        {
            await using var stream = await session.OpenMessageAsync("INBOX", message.Uid, cancellationToken);
            using var reader = new StreamReader(stream);
            texts.Add(await reader.ReadToEndAsync(cancellationToken));
        }

        return texts;
    }
}
