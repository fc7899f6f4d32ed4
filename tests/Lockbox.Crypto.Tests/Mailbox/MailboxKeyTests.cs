// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Mailbox;

namespace Lockbox.Crypto.Tests.Mailbox;

public sealed class MailboxKeyTests
{
    /// <summary>
    /// Found by the load test (docs/decisions/0034): every session of a user shares one unlocked state and so one
    /// MailboxKey, and concurrent FETCH and SEARCH on several connections sealed and opened records at the same time.
    /// AesGcm is not thread-safe (one OpenSSL cipher context per instance): OpenSSL then failed with "invalid tag", and
    /// a seal racing another could store a record that never opens again.
    /// </summary>
    [Fact]
    public async Task One_key_seals_and_opens_records_on_many_threads_at_once()
    {
        using var key = MailboxKey.Generate();
        var failures = 0;
        var threads = Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 4000; i++)
            {
                var plaintext = RandomNumberGenerator.GetBytes(64 + (i * 37 + t) % 4000);
                try
                {
                    if (!key.Open(key.Seal(plaintext)).AsSpan().SequenceEqual(plaintext))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception e) when (e is CryptographicException or Crypto.Messages.MessageException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }, TaskCreationOptions.LongRunning));

        await Task.WhenAll(threads);

        Assert.Equal(0, failures);
    }
}
