// SPDX-License-Identifier: MIT
namespace Lockbox.Load.Bench;

/// <summary>The names of what the run times, as they appear in the report.</summary>
public static class CommandKinds
{
    public const string LoginUnlock = "LOGIN, first of the user (Argon2 unlock)";
    public const string LoginCached = "LOGIN, user already unlocked";
    public const string LoginAtOnce = "LOGIN, every connection at once";
    public const string Select = "SELECT INBOX";
    public const string FetchEnvelope = "FETCH n:m (UID FLAGS ENVELOPE)";
    public const string FetchBody = "FETCH n BODY.PEEK[]";
    public const string SearchHeader = "UID SEARCH SUBJECT / HEADER Message-ID";
    public const string SearchText = "UID SEARCH TEXT";
    public const string Store = "UID STORE +/-FLAGS.SILENT";
    public const string Idle = "IDLE (1-3 s, then DONE)";
    public const string Lmtp = "LMTP delivery (MAIL FROM to 250)";

    /// <summary>The report's row order.</summary>
    public static readonly IReadOnlyList<string> Order =
        [LoginUnlock, LoginCached, LoginAtOnce, Select, FetchEnvelope, FetchBody, SearchHeader, SearchText, Store, Idle, Lmtp];
}
