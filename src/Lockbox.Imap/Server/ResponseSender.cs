// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>Writes handler results to the connection: most responses through <see cref="ImapResponseWriter"/>, FETCH bodies streamed.</summary>
internal sealed class ResponseSender
{
    // Flush between chunks so a large body never piles up in the pipe (its pause threshold applies backpressure).
    const int ChunkSize = 64 * 1024;

    // Responses are formatted into a buffer and copied to the pipe in pieces of this size: the pipe takes a lock
    // on every write, and a FETCH of many messages makes dozens of small writes per message.
    const int SpillSize = 32 * 1024;

    // A long answer (FETCH 1:* over a large mailbox) is flushed to the socket every this many bytes, so the client
    // parses the first responses while the rest are formatted, instead of waiting for the whole answer. Large enough
    // that the flushes (a wake-up of the socket's sender each) stay few: about 20 for 10,000 ENVELOPEs.
    const int FlushSize = 256 * 1024;

    readonly PipeWriter _output;
    readonly ArrayBufferWriter<byte> _buffer = new(2 * SpillSize);
    readonly ImapResponseWriter _writer;
    long _unflushed;

    public ResponseSender(PipeWriter output)
    {
        _output = output;
        _writer = new ImapResponseWriter(_buffer);
    }

    /// <summary>Mailbox names and quoted strings go out as UTF-8 (RFC 9755 section 3): set after ENABLE UTF8=ACCEPT.</summary>
    public bool Utf8Accept
    {
        get => _writer.Utf8Accept;
        set => _writer.Utf8Accept = value;
    }

    /// <summary>True while a response is partly written: nothing else may be sent then, not even BYE.</summary>
    public bool MidResponse { get; private set; }

    public async Task SendAsync(IEnumerable<ImapResponse> responses, CancellationToken cancellationToken)
    {
        MidResponse = true;
        foreach (var response in responses)
        {
            if (response is FetchResponse fetch)
            {
                await WriteFetchAsync(fetch, await OpenSlicesAsync(fetch, cancellationToken), cancellationToken);
            }
            else
            {
                _writer.Write(response);
            }

            if (_buffer.WrittenCount >= SpillSize)
            {
                Spill();
            }

            if (_unflushed >= FlushSize)
            {
                await FlushAsync(cancellationToken);
            }
        }

        Spill();
        MidResponse = false;
        await FlushAsync(cancellationToken);
    }

    public Task SendAsync(ImapResponse response, CancellationToken cancellationToken) => SendAsync([response], cancellationToken);

    /// <summary>
    /// Opens the response's body slices before any of its bytes is formatted. If the store cannot answer, the complete
    /// responses before this one are sent and the exception goes on with <see cref="MidResponse"/> false, so the caller
    /// can still end the command with a tagged NO (RFC 5530 UNAVAILABLE) and the session goes on. A response without a
    /// body (FLAGS, ENVELOPE: most of a FETCH 1:*) opens nothing and allocates nothing here.
    /// </summary>
    ValueTask<IReadOnlyList<OpenedSlice>> OpenSlicesAsync(FetchResponse fetch, CancellationToken cancellationToken)
    {
        foreach (var item in fetch.Items)
        {
            if (item is FetchResponseItem.Slice)
            {
                return OpenEachSliceAsync(fetch, cancellationToken);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<OpenedSlice>>([]);
    }

    async ValueTask<IReadOnlyList<OpenedSlice>> OpenEachSliceAsync(FetchResponse fetch, CancellationToken cancellationToken)
    {
        var opened = new List<OpenedSlice>();
        try
        {
            foreach (var slice in fetch.Items.OfType<FetchResponseItem.Slice>())
            {
                opened.Add(await OpenedSlice.OpenAsync(slice, ChunkSize, cancellationToken));
            }

            return opened;
        }
        catch (Exception e)
        {
            foreach (var slice in opened)
            {
                await slice.DisposeAsync();
            }

            if (e is MailboxOperationException { Error: MailboxError.Unavailable })
            {
                Spill();
                MidResponse = false;
                await FlushAsync(cancellationToken);
            }

            throw;
        }
    }

    /// <summary>Writes the response with its slices opened by <see cref="OpenSlicesAsync"/>, in order, and disposes them.</summary>
    async Task WriteFetchAsync(FetchResponse fetch, IReadOnlyList<OpenedSlice> opened, CancellationToken cancellationToken)
    {
        try
        {
            // Piece by piece, not concatenated: a FETCH of 10,000 messages would make tens of thousands of strings.
            Ascii("* ");
            fetch.Number.TryFormat(_buffer.GetSpan(10), out var digits, default, CultureInfo.InvariantCulture);
            _buffer.Advance(digits);
            Ascii(" FETCH (");
            var next = 0;
            for (var i = 0; i < fetch.Items.Count; i++)
            {
                if (i > 0)
                {
                    Ascii(" ");
                }

                Ascii(fetch.Items[i].Name);
                Ascii(" ");
                switch (fetch.Items[i])
                {
                    case FetchResponseItem.Value value:
                        _writer.WriteValue(value.Data);
                        break;
                    case FetchResponseItem.Slice slice:
                        await WriteSliceAsync(slice, opened[next++], cancellationToken);
                        break;
                }
            }

            Ascii(")\r\n");
        }
        finally
        {
            foreach (var slice in opened)
            {
                await slice.DisposeAsync();
            }
        }
    }

    // RFC 3501 section 4.3: the literal's count is sent first, so the bytes that follow must match it
    // exactly. If the stored message disagrees with its metadata the framing cannot be kept, and the
    // exception closes the connection (STYLE.md section 4: never resynchronise a half-written response).
    async Task WriteSliceAsync(FetchResponseItem.Slice slice, OpenedSlice opened, CancellationToken cancellationToken)
    {
        if (opened.Stream is not { } stream)
        {
            Ascii("NIL");
            return;
        }

        Ascii("{" + slice.Length.ToString(CultureInfo.InvariantCulture) + "}\r\n");
        Spill();
        _output.Write(opened.First);
        var remaining = slice.Length - opened.FirstCount;
        if (opened.FirstCount == 0 && remaining > 0)
        {
            throw new InvalidDataException("The stored message is shorter than its recorded size.");
        }

        await FlushAsync(cancellationToken);
        while (remaining > 0)
        {
            var memory = _output.GetMemory((int)Math.Min(remaining, ChunkSize));
            var read = await stream.ReadAsync(memory[..(int)Math.Min(remaining, memory.Length)], cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException("The stored message is shorter than its recorded size.");
            }

            _output.Advance(read);
            remaining -= read;
            await FlushAsync(cancellationToken);
        }

        if (slice.Whole && await stream.ReadAsync(new byte[1], cancellationToken) != 0)
        {
            throw new InvalidDataException("The stored message is longer than its recorded size.");
        }
    }

    void Ascii(string text) => _buffer.Advance(Encoding.ASCII.GetBytes(text, _buffer.GetSpan(text.Length)));

    /// <summary>Moves what is formatted to the pipe and zeroes the buffer (it held header values in clear).</summary>
    void Spill()
    {
        _unflushed += _buffer.WrittenCount;
        _output.Write(_buffer.WrittenSpan);
        _buffer.Clear();
    }

    async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _unflushed = 0;
        await _output.FlushAsync(cancellationToken);
    }
}
