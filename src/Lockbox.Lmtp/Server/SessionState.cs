// SPDX-License-Identifier: MIT
using Lockbox.Lmtp.Protocol;

namespace Lockbox.Lmtp.Server;

/// <summary>
/// Where an LMTP session is (RFC 5321 section 4.1.4). A closed hierarchy: each state carries only
/// what is valid in it, so no code can read recipients outside a transaction (STYLE.md section 3).
/// </summary>
internal abstract record SessionState
{
    private SessionState()
    {
    }

    /// <summary>Connected, before LHLO.</summary>
    public sealed record Connected : SessionState;

    /// <summary>After LHLO, no transaction open.</summary>
    public sealed record Ready : SessionState;

    /// <summary>After MAIL FROM; recipients accepted so far.</summary>
    public sealed record InTransaction(MailCommand Mail, IReadOnlyList<string> Recipients) : SessionState;
}
