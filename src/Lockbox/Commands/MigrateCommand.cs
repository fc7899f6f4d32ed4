// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Migration;
using Lockbox.Storage;
using Lockbox.Vault.Audit;
using Microsoft.Data.Sqlite;
using Npgsql;
using Spectre.Console;

namespace Lockbox.Commands;

/// <summary>
/// <c>migrate --from sqlite:PATH --to postgres:CONNSTRING</c> (issue 7, item 4; docs/decisions/0030): copies a whole
/// installation's index into PostgreSQL, verifies counts and checksums of every table, the blobs the rows name and the
/// audit chain, and exits 0 only when all hold. Run the same command again after an interruption to continue.
/// Prints table names and counts only: never a value, and never the connection string (it may hold a password).
/// </summary>
public static class MigrateCommand
{
    const string SqlitePrefix = "sqlite:";
    const string PostgresPrefix = "postgres:";

    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "The SQLite installation: sqlite:PATH of its lockbox.db (blobs stay in the blobs directory beside it).",
            HelpName = "sqlite:PATH",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "The PostgreSQL target: postgres:CONNSTRING (an Npgsql connection string; an empty database or schema).",
            HelpName = "postgres:CONNSTRING",
            Required = true,
        };
        var verifyOnly = new Option<bool>("--verify-only") { Description = "Copy nothing: compare source and target, exit 1 on any difference." };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Rows per committed batch (a resumed run continues after the last committed batch).",
            DefaultValueFactory = _ => 1000,
            HelpName = "ROWS",
        };
        var blobs = new Option<string?>("--blobs")
        {
            Description = "The blob directory the PostgreSQL nodes will use, checked for every blob a row names (default: blobs/ beside the SQLite file).",
            HelpName = "DIR",
        };
        var migrate = new Command("migrate", "Copy an SQLite installation to PostgreSQL and verify it; run it again to continue an interrupted copy.")
        {
            from, to, verifyOnly, batchSize, blobs,
        };
        migrate.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = Path.GetFullPath(Strip(parseResult.GetRequiredValue(from), SqlitePrefix, "--from"));
            var connectionString = Strip(parseResult.GetRequiredValue(to), PostgresPrefix, "--to");
            var rows = parseResult.GetValue(batchSize);
            if (rows < 1)
            {
                throw new CliException("--batch-size must be at least 1");
            }

            try
            {
                var blobDirectory = Path.GetFullPath(parseResult.GetValue(blobs) ?? Path.Combine(Path.GetDirectoryName(path)!, "blobs"));
                return await RunAsync(path, connectionString, blobDirectory, parseResult.GetValue(verifyOnly), rows, cancellationToken);
            }
            catch (MigrationRefusedException e)
            {
                throw new CliException($"migrate refused: {e.Message}", e);
            }
            catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Npgsql's messages name the SQLSTATE or the host, never the connection string's password.
                throw new CliException($"PostgreSQL failed ({e.Message}); run the same command again to continue", e, ExitCodes.TemporaryFailure);
            }
            catch (SqliteException e)
            {
                throw new CliException($"the SQLite database failed (SQLite error {e.SqliteErrorCode}); run the same command again to continue", e, ExitCodes.TemporaryFailure);
            }
        });
        return migrate;
    }

    static async Task<int> RunAsync(
        string path, string connectionString, string blobDirectory, bool verifyOnly, int batchSize, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetDirectoryName(path)!;
        await using var source = await SqliteSource.OpenAsync(path, cancellationToken);
        var sourceVersion = await source.GetSchemaVersionAsync(cancellationToken);
        if (sourceVersion == 0)
        {
            throw new MigrationRefusedException($"{path} is not a Lockbox database");
        }

        // Connect first: an unreachable or refusing server is reported as PostgreSQL's failure, not as the data directory's.
        await using var target = await PostgresTarget.OpenAsync(connectionString, cancellationToken);
        // The target comes up with the store's own migration, exactly as `serve` would bring it up.
        await using var vault = await VaultContext.OpenAsync(dataDirectory, new Dictionary<string, string?>
        {
            ["Store:Provider"] = nameof(StoreProvider.Postgres),
            ["Store:ConnectionString"] = connectionString,
        }, cancellationToken);
        var targetVersion = await vault.Get<IMailStore>().GetSchemaVersionAsync(cancellationToken);
        if (sourceVersion != targetVersion)
        {
            throw new MigrationRefusedException(sourceVersion < targetVersion
                ? $"the source is at schema version {sourceVersion}, this lockbox's is {targetVersion}: run this lockbox once on the source " +
                  $"(e.g. `lockbox user list --data {dataDirectory}`) to upgrade it, then migrate"
                : $"the target is at schema version {targetVersion} and the source at {sourceVersion}: migrate with the lockbox that wrote the source");
        }

        var migration = new SqliteToPostgresMigration(source, target, batchSize);
        var tables = await migration.CheckShapesAsync(cancellationToken);
        if (!verifyOnly)
        {
            var resumed = await target.IsMigrationInProgressAsync(cancellationToken);
            var summary = await TerminalProgress.RunAsync<CopySummary, CopyProgress>(
                "copying", progress => migration.CopyAsync(progress, cancellationToken), p => (p.Done, p.Total));
            var seconds = Math.Max(summary.Elapsed.TotalSeconds, 0.001);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(resumed ? "continued: " : "")}copied {summary.CopiedNow} of {summary.Total} rows in {tables.Count} tables in {seconds:F1} s ({summary.CopiedNow / seconds:F0} rows/s)"));
        }

        var verdicts = await migration.VerifyAsync(cancellationToken);
        var blobs = await migration.CheckBlobsAsync(blobDirectory, cancellationToken);
        var audit = await vault.Get<AuditLog>().VerifyAsync(null, cancellationToken);
        Print(verdicts);
        await Console.Out.WriteLineAsync($"blobs: {blobs.Checked} referenced, {blobs.Missing} missing, {blobs.WrongSize} of another size");
        await Console.Out.WriteLineAsync(audit.Holds ? $"audit log on the target holds: {audit.Entries} entries" : $"audit log on the target broken: {audit.Problem}");
        var failed = verdicts.Where(v => !v.Holds).Select(v => v.Table).ToList();
        if (failed.Count > 0 || blobs.Missing + blobs.WrongSize > 0 || !audit.Holds)
        {
            var what = failed.Count > 0 ? $"tables differ: {string.Join(", ", failed)}" : !audit.Holds ? "the audit chain is broken" : "blobs are missing or of another size";
            throw new CliException($"verification failed: {what}", ExitCodes.Rejected);
        }

        if (!verifyOnly)
        {
            await target.FinishAsync(cancellationToken);
        }

        await Console.Out.WriteLineAsync(verifyOnly ? "verified: source and target hold the same rows" : "migrated and verified: serve with Store:Provider=postgres");
        return ExitCodes.Success;
    }

    static string Strip(string value, string prefix, string option) =>
        value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && value.Length > prefix.Length
            ? value[prefix.Length..]
            // The value is not echoed: a mistyped --to may still hold a password.
            : throw new CliException($"{option} must have the form {prefix}...");

    static void Print(IReadOnlyList<TableVerdict> verdicts)
    {
        var table = new Table().AddColumns("table", "source rows", "target rows", "checksum");
        foreach (var verdict in verdicts)
        {
            table.AddRow(
                Markup.Escape(verdict.Table),
                verdict.SourceRows.ToString(CultureInfo.InvariantCulture),
                verdict.TargetRows.ToString(CultureInfo.InvariantCulture),
                verdict.Holds ? "OK" : "MISMATCH");
        }

        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }).Write(table);
    }
}
