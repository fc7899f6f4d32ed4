// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;
using System.Text;

using Lockbox.Lmtp.Protocol;
using Lockbox.Lmtp.Server;

namespace Lockbox.Fuzz.Tests.Targets;

/// <summary>
/// The LMTP input path as a session drives it: <see cref="LineReader"/> splits the bytes into command lines,
/// <see cref="LmtpCommandParser"/> parses each, and after DATA the <see cref="DotStuffedDataStream"/> unstuffs the
/// message up to the size limit. Oracle: a line is never longer than the limit; a parse gives exactly one of a command
/// or a 5xx reply; DATA throws only <see cref="MessageTooLargeException"/> or, when the input ends inside it,
/// <see cref="EndOfStreamException"/>, and never yields more than the limit.
/// </summary>
public sealed class LmtpSessionTarget : FuzzTarget
{
    const int MaxLine = 512;
    const long MaxMessage = 4096;

    /// <inheritdoc />
    public override string Name => "lmtp";

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "LHLO x\r\n", "MAIL FROM:<", "RCPT TO:<", "DATA\r\n", "\r\n.\r\n", "\r\n..\r\n", ".\r\n", "RSET\r\n", "QUIT\r\n", "NOOP\r\n", "STARTTLS\r\n",
            "> SIZE=", "BODY=8BITMIME", "SMTPUTF8", "<>", "@example.org>", "\"quoted local\"@x", "@a,@b:", "\r", "\n", "\0", "é", "\xC3",
        }.Select(Encoding.Latin1.GetBytes),
    ];

    /// <inheritdoc />
    public override string Execute(byte[] input) => ExecuteAsync(input).GetAwaiter().GetResult();

    static async Task<string> ExecuteAsync(byte[] input)
    {
        var outcomes = new SortedSet<string>(StringComparer.Ordinal);
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(input));
        var lines = new LineReader(reader, MaxLine);
        while (true)
        {
            var line = await lines.ReadLineAsync(CancellationToken.None);
            if (line.IsClosed)
            {
                break;
            }

            if (line.IsTooLong)
            {
                outcomes.Add("too-long");
                continue;
            }

            if (line.Bytes.Length > MaxLine)
            {
                throw new FuzzOracleException($"a {line.Bytes.Length}-byte line passed the {MaxLine}-byte limit");
            }

            var parsed = LmtpCommandParser.Parse(line.Bytes.Span);
            if ((parsed.Command is null) == (parsed.Error is null) || parsed.Error is { Code: < 500 or > 599 })
            {
                throw new FuzzOracleException($"parse gave command {parsed.Command} and error {parsed.Error}");
            }

            outcomes.Add((parsed.Command is SimpleCommand simple ? simple.Verb.ToString() : parsed.Command?.GetType().Name) ?? $"{parsed.Error!.Code}:{parsed.Error.EnhancedCode}:{string.Join(' ', parsed.Error.Lines[0].Split(' ').Take(2))}");
            if (parsed.Command is SimpleCommand { Verb: LmtpVerb.Data } && !await ReadDataAsync(reader, outcomes))
            {
                break;
            }
        }

        return string.Join(' ', outcomes);
    }

    static async Task<bool> ReadDataAsync(PipeReader reader, SortedSet<string> outcomes)
    {
        var data = new DotStuffedDataStream(reader, MaxMessage);
        try
        {
            await data.CopyToAsync(Stream.Null);
            outcomes.Add("data");
        }
        catch (MessageTooLargeException)
        {
            outcomes.Add("data-too-large");
            return await data.DrainAsync(CancellationToken.None);
        }
        catch (EndOfStreamException)
        {
            outcomes.Add("data-eof");
            return false;
        }

        if (data.ContentLength > MaxMessage)
        {
            throw new FuzzOracleException($"DATA yielded {data.ContentLength} bytes past the {MaxMessage}-byte limit");
        }

        return true;
    }
}
