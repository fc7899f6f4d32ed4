// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;

using Lockbox.Imap;
using Lockbox.Imap.Protocol;

namespace Lockbox.Fuzz.Tests.Targets;

/// <summary>
/// The IMAP receiver and command parsers as a connection drives them: the input arrives in chunks (sizes derived from
/// the input, so framing across reads is exercised), a streamed APPEND literal is skipped, IDLE and AUTHENTICATE switch
/// the receiver to their continuation lines. Oracle: every result is Complete, NeedMoreData, NeedLiteral, StreamLiteral,
/// Bad or Fatal; nothing throws (ImapParseException must stay inside the parser); a Bad's tag is a tag; after Fatal the
/// connection would close, so the run stops.
/// </summary>
public sealed class ImapReceiverTarget : FuzzTarget
{
    static readonly ImapOptions Options = new() { MaxLineLength = 8 * 1024, MaxLiteralSize = 8 * 1024, MaxAppendSize = 1 << 20 };

    /// <inheritdoc />
    public override string Name => "imap";

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "a1 ", "UID ", "FETCH ", "STORE ", "SEARCH ", "APPEND ", "LIST ", "STATUS ", "SELECT ", "EXAMINE ", "LOGIN ", "AUTHENTICATE PLAIN",
            "IDLE\r\n", "DONE\r\n", "ENABLE ", "ID ", "COPY ", "MOVE ", "EXPUNGE", "RENAME ", "CREATE ", "NAMESPACE", "\r\n", "{5}\r\n",
            "{0+}\r\n", "{99999999999999999999}\r\n", "{4294967296+}\r\n", "~{3}\r\n", "BODY[", "BODY.PEEK[HEADER.FIELDS (", "]<0.10>", "1:*",
            "*:4294967295", "(FLAGS ", "\\Seen", "NIL", "\"\\\"\"", "RETURN (", "CHARSET UTF-8 ", "OR ", "NOT ", "SINCE 1-Jan-2020 ",
            "(CHANGEDSINCE 1)", "(UNCHANGEDSINCE 1)", "+FLAGS.SILENT ", "&AMQ-", "&-", "&", "\"29-Feb-2024 13:14:15 +0200\"", "(((((((((((((((((",
            "GETQUOTAROOT ", "GETQUOTA \"\"", "SETQUOTA \"\" (STORAGE 512)", "UTF8 (~{5}\r\n", "UTF8 (~{5+}\r\n", ")\r\n", "UTF8=ACCEPT",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    /// <inheritdoc />
    public override string Execute(byte[] input)
    {
        var receiver = new ImapReceiver(Options) { Utf8Accept = input.Length % 2 == 1 };
        var outcomes = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new List<byte>();
        long skip = 0;
        var chunk = 1 + input.Length % 61 * 17;
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            var piece = input.AsSpan(offset, Math.Min(chunk, input.Length - offset));
            var skipped = (int)Math.Min(skip, piece.Length);
            skip -= skipped;
            pending.AddRange(piece[skipped..]);
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>([.. pending]));
            while (true)
            {
                var result = receiver.Receive(ref reader);
                outcomes.Add(Label(result));
                switch (result)
                {
                    case ImapReceiveResult.NeedMoreData:
                        pending = [.. reader.UnreadSequence.ToArray()];
                        goto nextChunk;
                    case ImapReceiveResult.Fatal:
                        return string.Join(' ', outcomes);
                    case ImapReceiveResult.StreamLiteral stream:
                        var now = Math.Min(stream.Literal.Size, reader.Remaining);
                        reader.Advance(now);
                        skip = stream.Literal.Size - now;
                        break;
                    case ImapReceiveResult.Complete { Request.Command: AuthenticateCommand { InitialResponse: null } } auth:
                        receiver.BeginSaslResponse(auth.Request.Tag);
                        break;
                    case ImapReceiveResult.Complete { Request.Command.Verb: ImapVerb.Idle } idle:
                        receiver.BeginIdle(idle.Request.Tag);
                        break;
                    case ImapReceiveResult.Bad bad when bad.Tag is { } tag && (tag.Length == 0 || tag.Any(c => c <= ' ' || c >= 0x7F)):
                        throw new FuzzOracleException($"BAD carries an invalid tag {tag}");
                }
            }

        nextChunk:;
        }

        return string.Join(' ', outcomes);
    }

    static string Label(ImapReceiveResult result) => result switch
    {
        ImapReceiveResult.Complete complete => complete.Request.Command.Verb.ToString(),
        ImapReceiveResult.Bad bad => "BAD:" + string.Join(' ', bad.Reason.Split(' ').Take(2)),
        ImapReceiveResult.Fatal fatal => "FATAL:" + fatal.Reason,
        _ => result.GetType().Name,
    };
}
