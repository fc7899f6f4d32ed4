// SPDX-License-Identifier: MIT
using MimeKit.IO.Filters;

namespace Lockbox.Vault.Import;

/// <summary>
/// Undoes mboxrd quoting (RFC 4155 appendix; https://www.loc.gov/preservation/digital/formats/fdd/fdd000385.shtml):
/// a line of one or more ">" followed by "From " loses one ">". Works line by line across buffers.
/// </summary>
internal sealed class MboxrdUnescapeFilter : MimeFilterBase
{
    protected override byte[] Filter(byte[] input, int startIndex, int length, out int outputIndex, out int outputLength, bool flush)
    {
        EnsureOutputSize(length, keep: false);
        var output = OutputBuffer;
        var written = 0;
        var index = startIndex;
        var end = startIndex + length;
        while (index < end)
        {
            var newline = Array.IndexOf(input, (byte)'\n', index, end - index);
            if (newline < 0 && !flush)
            {
                // A partial line may turn out to be a quoted separator: decide when it is whole.
                SaveRemainingInput(input, index, end - index);
                break;
            }

            var lineEnd = newline < 0 ? end : newline + 1;
            var skip = IsQuotedFrom(input.AsSpan(index, lineEnd - index)) ? 1 : 0;
            Buffer.BlockCopy(input, index + skip, output, written, lineEnd - index - skip);
            written += lineEnd - index - skip;
            index = lineEnd;
        }

        outputIndex = 0;
        outputLength = written;
        return output;
    }

    static bool IsQuotedFrom(ReadOnlySpan<byte> line)
    {
        var quotes = 0;
        while (quotes < line.Length && line[quotes] == '>')
        {
            quotes++;
        }

        return quotes > 0 && line[quotes..].StartsWith("From "u8);
    }
}
