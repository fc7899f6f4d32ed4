// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Fetch;

/// <summary>The octets of a body section: a range of the stored message, or octets built from its metadata.</summary>
internal abstract record SectionContent
{
    SectionContent()
    {
    }

    public static SectionContent Empty { get; } = new Built([]);

    /// <summary>This content cut to an RFC 3501 section 6.4.5 partial: an origin past the end gives nothing, a length past it is cut.</summary>
    public abstract SectionContent Cut(long origin, long length);

    /// <summary><paramref name="Length"/> octets of the message from <paramref name="Start"/>.</summary>
    public sealed record Range(long Start, long Length) : SectionContent
    {
        public override SectionContent Cut(long origin, long length)
        {
            var skip = Math.Min(origin, Length);
            return new Range(Start + skip, Math.Min(length, Length - skip));
        }
    }

    /// <summary>Octets made from the metadata (HEADER.FIELDS), so the message need not be decrypted.</summary>
    public sealed record Built(byte[] Bytes) : SectionContent
    {
        public override SectionContent Cut(long origin, long length)
        {
            var skip = (int)Math.Min(origin, Bytes.Length);
            return new Built(Bytes.AsSpan(skip, (int)Math.Min(length, Bytes.Length - skip)).ToArray());
        }
    }
}
