// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lockbox.Crypto.Offline;

/// <summary>
/// One Shamir share of the master secret key (see <see cref="Shamir"/>), and its printable text form:
/// <code>
/// -----BEGIN LOCKBOX MASTER KEY SHARE-----
/// Set: 32 hex digits (random, names the split)
/// Share: K of N
/// Threshold: M
///
/// base64 of the share bytes, 64 columns
/// Checksum: 16 hex digits
/// -----END LOCKBOX MASTER KEY SHARE-----
/// </code>
/// The checksum is the first 8 bytes of SHA-256 over set id, K, N, M and the share bytes, so a typo in
/// any header or in the body is caught when the share is read, before it can spoil a combination.
/// </summary>
public sealed class SecretShare
{
    const string Begin = "-----BEGIN LOCKBOX MASTER KEY SHARE-----";
    const string End = "-----END LOCKBOX MASTER KEY SHARE-----";
    const int SetIdLength = 16;
    const int LineLength = 64;

    readonly byte[] _setId;

    internal SecretShare(byte[] setId, int index, int shareCount, int threshold, byte[] value)
    {
        if (setId.Length != SetIdLength)
        {
            throw new ArgumentException($"a set id has {SetIdLength} bytes", nameof(setId));
        }

        if (threshold < 2 || threshold > shareCount || shareCount > Shamir.MaxShares || index < 1 || index > shareCount)
        {
            throw new ArgumentException($"invalid share {index} of {shareCount} with threshold {threshold}");
        }

        _setId = setId;
        Index = index;
        ShareCount = shareCount;
        Threshold = threshold;
        Value = value;
    }

    /// <summary>The random id of the split this share belongs to, 32 upper-case hex digits.</summary>
    public string SetId => Convert.ToHexString(_setId);

    /// <summary>K in "share K of N": 1-based, and also the x coordinate the share was evaluated at.</summary>
    public int Index { get; }

    /// <summary>N: how many shares the split produced.</summary>
    public int ShareCount { get; }

    /// <summary>M: how many distinct shares of the set rebuild the secret.</summary>
    public int Threshold { get; }

    /// <summary>The share bytes: one polynomial value per byte of the protected secret.</summary>
    internal byte[] Value { get; }

    /// <summary>The printable text form, LF line endings, ending with a newline.</summary>
    public string ToArmored()
    {
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append("Set: ").Append(SetId).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Share: {Index} of {ShareCount}\n");
        text.Append(CultureInfo.InvariantCulture, $"Threshold: {Threshold}\n");
        text.Append('\n');
        var body = Convert.ToBase64String(Value);
        for (var start = 0; start < body.Length; start += LineLength)
        {
            text.Append(body, start, Math.Min(LineLength, body.Length - start)).Append('\n');
        }

        text.Append("Checksum: ").Append(Checksum(_setId, Index, ShareCount, Threshold, Value)).Append('\n');
        text.Append(End).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// Reads one share from its text form. Text around the armor (a cover note, an e-mail) is ignored,
    /// as are CR characters and spaces inside body lines, which retyping tends to add.
    /// </summary>
    /// <exception cref="ShareException">The text is not a share, a header is missing or out of range, or the checksum does not match.</exception>
    public static SecretShare Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();
        var begin = lines.IndexOf(Begin);
        if (begin < 0)
        {
            throw new ShareException("not a Lockbox master key share: no \"" + Begin + "\" line");
        }

        var end = lines.IndexOf(End, begin);
        if (end < 0)
        {
            throw new ShareException("the share is cut short: no \"" + End + "\" line");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = new StringBuilder();
        string? checksum = null;
        foreach (var line in lines.Skip(begin + 1).Take(end - begin - 1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Checksum", StringComparison.OrdinalIgnoreCase))
                {
                    checksum = value;
                }
                else if (!headers.TryAdd(name, value))
                {
                    throw new ShareException($"the share has two \"{name}\" lines");
                }
            }
            else
            {
                body.Append(line.Replace(" ", "", StringComparison.Ordinal));
            }
        }

        var setId = ParseSetId(Header(headers, "Set"));
        var (index, count) = ParseIndex(Header(headers, "Share"));
        var threshold = ParseNumber(Header(headers, "Threshold"), "Threshold");
        if (threshold < 2 || threshold > count)
        {
            throw new ShareException($"the share's threshold {threshold} is not between 2 and {count}");
        }

        byte[] shareBytes;
        try
        {
            shareBytes = Convert.FromBase64String(body.ToString());
        }
        catch (FormatException e)
        {
            throw new ShareException($"share {index} of set {Convert.ToHexString(setId)}: the body is not valid base64 (mistyped?)", e);
        }

        if (shareBytes.Length == 0)
        {
            throw new ShareException($"share {index} of set {Convert.ToHexString(setId)} has no body");
        }

        if (checksum is null)
        {
            throw new ShareException($"share {index} of set {Convert.ToHexString(setId)} has no Checksum line");
        }

        var expected = Checksum(setId, index, count, threshold, shareBytes);
        if (!string.Equals(checksum, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ShareException($"share {index} of set {Convert.ToHexString(setId)}: checksum mismatch, the share was mistyped or damaged");
        }

        return new SecretShare(setId, index, count, threshold, shareBytes);
    }

    static string Checksum(byte[] setId, int index, int count, int threshold, byte[] value)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(setId);
        hash.AppendData([(byte)index, (byte)count, (byte)threshold]);
        hash.AppendData(value);
        return Convert.ToHexString(hash.GetHashAndReset(), 0, 8);
    }

    static string Header(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value : throw new ShareException($"the share has no \"{name}:\" line");

    static byte[] ParseSetId(string value)
    {
        if (value.Length != 2 * SetIdLength || !value.All(Uri.IsHexDigit))
        {
            throw new ShareException($"the share's set id \"{value}\" is not {2 * SetIdLength} hex digits");
        }

        return Convert.FromHexString(value);
    }

    static (int Index, int Count) ParseIndex(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !parts[1].Equals("of", StringComparison.OrdinalIgnoreCase))
        {
            throw new ShareException($"the share's \"Share:\" line reads \"{value}\", expected \"K of N\"");
        }

        var index = ParseNumber(parts[0], "Share");
        var count = ParseNumber(parts[2], "Share");
        if (count > Shamir.MaxShares || index < 1 || index > count)
        {
            throw new ShareException($"the share's \"Share: {value}\" is out of range (1 <= K <= N <= {Shamir.MaxShares})");
        }

        return (index, count);
    }

    static int ParseNumber(string value, string header) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= Shamir.MaxShares
            ? number
            : throw new ShareException($"the share's \"{header}:\" line has an invalid number \"{value}\"");
}
