// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// A response code in brackets after the status (RFC 3501 section 7.1, RFC 5530, RFC 4315, RFC 7162).
/// <see cref="Arguments"/> is written verbatim after a space.
/// </summary>
public sealed record ResponseCode(string Name, string? Arguments = null)
{
    public static ResponseCode Alert { get; } = new("ALERT");

    public static ResponseCode Parse { get; } = new("PARSE");

    public static ResponseCode ReadOnly { get; } = new("READ-ONLY");

    public static ResponseCode ReadWrite { get; } = new("READ-WRITE");

    public static ResponseCode TryCreate { get; } = new("TRYCREATE");

    // RFC 5530 section 3.
    public static ResponseCode Unavailable { get; } = new("UNAVAILABLE");

    public static ResponseCode AuthenticationFailed { get; } = new("AUTHENTICATIONFAILED");

    public static ResponseCode AuthorizationFailed { get; } = new("AUTHORIZATIONFAILED");

    public static ResponseCode Expired { get; } = new("EXPIRED");

    public static ResponseCode PrivacyRequired { get; } = new("PRIVACYREQUIRED");

    public static ResponseCode NoPerm { get; } = new("NOPERM");

    public static ResponseCode Cannot { get; } = new("CANNOT");

    public static ResponseCode Limit { get; } = new("LIMIT");

    public static ResponseCode OverQuota { get; } = new("OVERQUOTA");

    public static ResponseCode AlreadyExists { get; } = new("ALREADYEXISTS");

    public static ResponseCode NonExistent { get; } = new("NONEXISTENT");

    public static ResponseCode HasChildren { get; } = new("HASCHILDREN");

    // RFC 7889 section 4 (APPENDLIMIT) and RFC 4469 section 5.
    public static ResponseCode TooBig { get; } = new("TOOBIG");

    public static ResponseCode Closed { get; } = new("CLOSED");

    public static ResponseCode UidValidity(uint value) => new("UIDVALIDITY", Format(value));

    public static ResponseCode UidNext(uint value) => new("UIDNEXT", Format(value));

    public static ResponseCode Unseen(uint sequenceNumber) => new("UNSEEN", Format(sequenceNumber));

    public static ResponseCode HighestModSeq(ulong value) => new("HIGHESTMODSEQ", Format(value));

    public static ResponseCode Capability(IEnumerable<string> capabilities) => new("CAPABILITY", string.Join(' ', capabilities));

    public static ResponseCode PermanentFlags(IEnumerable<string> flags) => new("PERMANENTFLAGS", "(" + string.Join(' ', flags) + ")");

    public static ResponseCode BadCharset(IEnumerable<string> supported) => new("BADCHARSET", "(" + string.Join(' ', supported) + ")");

    // RFC 4315 section 3.
    public static ResponseCode AppendUid(uint uidValidity, uint uid) => new("APPENDUID", Format(uidValidity) + " " + Format(uid));

    public static ResponseCode CopyUid(uint uidValidity, SequenceSet source, SequenceSet destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return new("COPYUID", Format(uidValidity) + " " + source + " " + destination);
    }

    // RFC 7162 section 3.1.3: the messages STORE ... UNCHANGEDSINCE did not change.
    public static ResponseCode Modified(SequenceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new("MODIFIED", set.ToString());
    }

    public override string ToString() => Arguments is null ? "[" + Name + "]" : "[" + Name + " " + Arguments + "]";

    static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
