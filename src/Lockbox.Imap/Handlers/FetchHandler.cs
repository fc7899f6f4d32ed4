// SPDX-License-Identifier: MIT
using Lockbox.Imap.Fetch;
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8): which messages, in which order, with which
/// items. <see cref="FetchItemBuilder"/> makes each item; bodies are sliced from the decrypted stream
/// by the sender, never buffered here.
/// </summary>
internal sealed class FetchHandler : IImapHandler
{
    public async Task<ImapResult> HandleAsync(ImapRequest request, ImapSessionState state, ImapConnectionInfo connection, CancellationToken cancellationToken)
    {
        var command = (FetchCommand)request.Command;
        var selected = (ImapSessionState.LoggedIn.Selected)state;
        (selected, var seen) = await ImplicitSeen.ApplyAsync(command, selected, cancellationToken);
        var messages = selected.Mailbox.Messages;
        if (!command.Uid && command.Set.Ranges.Any(r => OutOfRange(r.First, messages.Count) || OutOfRange(r.Last, messages.Count)))
        {
            // RFC 9051 section 6.4.5 (and RFC 3501's errata): a sequence number beyond EXISTS is an error.
            return ImapResult.Bad(request.Tag, "Invalid message sequence number");
        }

        var largest = command.Uid ? (messages.Count == 0 ? 0 : (uint)messages[^1].Uid) : (uint)messages.Count;
        var numbers = new List<int>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (command.Set.Contains(command.Uid ? (uint)messages[i].Uid : (uint)(i + 1), largest))
            {
                numbers.Add(i);
            }
        }

        // One batched call for every message's metadata: Vault answers repeated fetches from memory.
        var metadata = command.Attributes.Any(NeedsMetadata)
            ? await selected.Mail.GetMetadataAsync(selected.Mailbox.Name, [.. numbers.Select(i => messages[i].Uid)], cancellationToken)
            : NoMetadata;
        var status = new ImapStatusResponse(request.Tag, ImapStatus.Ok, null, command.Uid ? "UID FETCH completed" : "FETCH completed");
        return new ImapResult(new FetchAnswer(numbers, i => Respond(command, selected, seen, i, metadata), status), selected);
    }

    static FetchResponse Respond(FetchCommand command, ImapSessionState.LoggedIn.Selected selected, IReadOnlySet<long> seen, int index, IReadOnlyDictionary<long, MessageMetadata> metadata)
    {
        var message = selected.Mailbox.Messages[index];
        var builder = new FetchItemBuilder(selected, message, metadata.GetValueOrDefault(message.Uid));
        var items = new List<FetchResponseItem>(command.Attributes.Count + 1);
        // RFC 3501 section 6.4.8: UID FETCH always returns the UID.
        if (command.Uid && !command.Attributes.Contains(new FetchAtt.Simple(FetchItem.Uid)))
        {
            items.Add(new FetchResponseItem.Value("UID", new ImapValue.Number((ulong)message.Uid)));
        }

        foreach (var attribute in command.Attributes)
        {
            items.Add(builder.Build(attribute));
        }

        ImplicitSeen.AddFlags(items, message, seen);
        return new FetchResponse((uint)(index + 1), items);
    }

    static readonly IReadOnlyDictionary<long, MessageMetadata> NoMetadata = new Dictionary<long, MessageMetadata>();

    /// <summary>Whether the item is built from the metadata: all but FLAGS, UID, INTERNALDATE and MODSEQ.</summary>
    static bool NeedsMetadata(FetchAtt attribute) =>
        attribute is not FetchAtt.Simple { Item: FetchItem.Flags or FetchItem.Uid or FetchItem.InternalDate or FetchItem.ModSeq };

    static bool OutOfRange(uint number, int count) => number != SequenceSet.Star && number > count;
}
