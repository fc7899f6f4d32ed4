// SPDX-License-Identifier: MIT
namespace Lockbox.Lmtp.Protocol;

/// <summary>The LMTP verbs Lockbox knows.</summary>
public enum LmtpVerb
{
    Lhlo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Help,
    StartTls,
}
