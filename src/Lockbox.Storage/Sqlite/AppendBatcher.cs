// SPDX-License-Identifier: MIT
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Lockbox.Storage.Sqlite;

/// <summary>
/// Group commit of message index rows (issue 3: "group-commit concurrent deliveries so that fsync is
/// not the throughput ceiling"). One writer task takes every append queued while the previous batch
/// was committing and stores them in one write transaction, so N concurrent deliveries share one
/// synchronous=FULL commit (one WAL fsync) instead of paying one each. No timer waits for company:
/// a lone append commits at once. Each row sits in its own savepoint, so a row that cannot be stored
/// (its mailbox was deleted) fails only its own caller. A caller's task completes only after the
/// COMMIT holding its row returned, so the contract of <see cref="IMailStore.AppendMessageAsync"/>
/// (the row is durable when the task completes) holds for every row of a batch.
/// </summary>
internal sealed class AppendBatcher : IAsyncDisposable
{
    /// <summary>Bounds one transaction (and so the latency of its first caller) under a burst.</summary>
    const int MaxBatch = 64;

    readonly Func<CancellationToken, Task<SqliteConnection>> _open;
    readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writer;
    SqliteConnection? _connection;
    MessageRowWriter? _rows;

    /// <param name="open">Opens a connection with the store's per-connection settings (synchronous=FULL).</param>
    public AppendBatcher(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        _open = open;
        _writer = Task.Run(RunAsync);
    }

    /// <summary>Queues the row and completes once it is durable, or with the store exception that stopped it.</summary>
    /// <remarks>
    /// Cancellation is honoured only while the row waits in the queue: once its transaction started,
    /// the caller learns the outcome, so it never deletes the blob of a row that was in fact committed.
    /// </remarks>
    public Task<MessageRecord> AppendAsync(long mailboxId, NewMessage message, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(mailboxId, message, cancellationToken);
        // Counted before the write, so the reader's decrement can never come first.
        StorageMetrics.AppendQueued();
        if (!_queue.Writer.TryWrite(pending))
        {
            StorageMetrics.AppendTaken();
            throw new StoreUnavailableException("cannot store the message: the store is closing");
        }

        return pending.Completion.Task;
    }

    /// <summary>Commits what is queued, then stops the writer and closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await CloseAsync();
    }

    async Task RunAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                StorageMetrics.AppendTaken();
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                }
                else
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }
        }
    }

    async Task CommitAsync(List<PendingAppend> batch)
    {
        var stored = new List<(PendingAppend Pending, MessageRecord Record)>(batch.Count);
        try
        {
            _connection ??= await _open(CancellationToken.None);
            _rows ??= new MessageRowWriter(_connection);
            var rows = _rows;
            await using var transaction = _connection.BeginTransaction(deferred: false);
            rows.Enlist(transaction);
            foreach (var pending in batch)
            {
                transaction.Save("row");
                try
                {
                    stored.Add((pending, await rows.InsertAsync(pending.MailboxId, pending.Message)));
                    transaction.Release("row");
                }
                catch (Exception e) when (e is StoreConflictException or StoreUnavailableException)
                {
                    // This row only (no mailbox, or cleartext for an encrypted user): the batch's other rows go on.
                    transaction.Rollback("row");
                    transaction.Release("row");
                    pending.Completion.TrySetException(e);
                }
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is SqliteException or StoreUnavailableException or InvalidOperationException)
        {
            // Nothing of the batch was committed: every caller still waiting gets a temporary failure
            // (LMTP 4xx), and the next batch starts on a fresh connection.
            var error = e switch
            {
                SqliteException sqlite => SqliteErrors.Translate(sqlite, "store the message"),
                StoreUnavailableException unavailable => unavailable,
                _ => new StoreUnavailableException("cannot store the message", e),
            };
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(error);
            }

            await CloseAsync();
            return;
        }

        foreach (var (pending, record) in stored)
        {
            pending.Completion.TrySetResult(record);
        }
    }

    /// <summary>Drops the prepared statements and the connection (the next batch opens a fresh one).</summary>
    async Task CloseAsync()
    {
        if (_rows is not null)
        {
            await _rows.DisposeAsync();
            _rows = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    sealed record PendingAppend(long MailboxId, NewMessage Message, CancellationToken CancellationToken)
    {
        // Continuations run on the pool, not on the writer task, which goes on to the next batch.
        public TaskCompletionSource<MessageRecord> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
