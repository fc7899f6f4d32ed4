// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Server;

/// <summary>The DATA section grew past the configured limit (LMTP answers 552 5.3.4).</summary>
public sealed class MessageTooLargeException : IOException
{
    public MessageTooLargeException(long limit)
        : base($"the message exceeds the size limit of {limit} bytes")
    {
        Limit = limit;
    }

    public long Limit { get; }
}
