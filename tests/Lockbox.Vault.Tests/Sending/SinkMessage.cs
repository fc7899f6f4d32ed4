// SPDX-License-Identifier: MIT
using MimeKit;

namespace Lockbox.Vault.Tests.Sending;

/// <summary>A message the SMTP sink accepted: the envelope and the DATA bytes as received, dot-unstuffed.</summary>
internal sealed record SinkMessage(string MailFrom, IReadOnlyList<string> Recipients, byte[] Data)
{
    public MimeMessage Parse() => MimeMessage.Load(new MemoryStream(Data));
}
