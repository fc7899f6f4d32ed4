// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Contracts;
using Microsoft.Data.Sqlite;

namespace Lockbox.Vault.Tests.Search;

/// <summary>
/// Four messages delivered to an encrypted user, with flags and internal dates set in the store, and one
/// session over them: every search key test runs against the same corpus (one Argon2 unlock for all).
/// </summary>
public sealed class SearchCorpus : IAsyncLifetime
{
    public const string Address = "alice@example.org";
    public const string Password = "correct horse battery staple";

    public static readonly string[] Messages =
    [
        """
        From: Bob Example <bob@example.net>
        To: alice@example.org
        Subject: Quarterly report
        Date: Mon, 02 Mar 2026 10:00:00 +0000
        Content-Type: text/plain; charset=utf-8

        The numbers look GOOD this quarter.

        """,
        """
        From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.com>
        To: alice@example.org
        Cc: carol@example.org
        Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=
        Date: Sun, 15 Mar 2026 23:30:00 -0800
        MIME-Version: 1.0
        Content-Type: multipart/alternative; boundary="b1"

        --b1
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        Sch=F6ne Gr=FC=DFe vom Oktoberfest
        --b1
        Content-Type: text/html; charset=utf-8
        Content-Transfer-Encoding: base64

        PHA+SGFsbG8gPGI+V2VsdDwvYj4mYW1wOyBNb25kPC9wPjxzY3JpcHQ+dmFyIHM9J3NjcmlwdHdvcmQnOzwvc2NyaXB0Pg==
        --b1--

        """,
        $"""
        From: dave@example.org
        To: alice@example.org
        Bcc: erin@example.org
        Subject: Lunch
        X-Tracking: orange-42
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b2"

        --b2
        Content-Type: text/plain

        Pizza at one?
        {string.Concat(Enumerable.Repeat("filler text line\n", 400))}
        --b2
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: base64

        YXR0YWNobWVudHdvcmQ=
        --b2--

        """,
        """
        From: bob@example.net
        To: alice@example.org
        Subject: Re: Quarterly report
        Date: Tue, 17 Mar 2026 08:00:00 +0100

        short

        """,
    ];

    VaultFixture? _vault;
    IMailSession? _session;

    public VaultFixture Vault => _vault!;

    public IMailSession Session => _session!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _vault = await VaultFixture.CreateAsync();
        await Vault.Get<AccountService>().CreateUserAsync(Address, Password, encrypt: true, ct);
        foreach (var message in Messages)
        {
            await DeliverAsync(Vault, Address, message.Replace("\n", "\r\n", StringComparison.Ordinal));
        }

        // Flags, keywords and internal dates as STORE and APPEND would set them (UID order: 1..4).
        await ExecuteAsync(Vault, """
            UPDATE messages SET flags = 3, internal_date = unixepoch('2026-03-01 12:00:00') WHERE uid = 1;
            UPDATE messages SET flags = 4, internal_date = unixepoch('2026-03-16 00:30:00'), keywords = '$Label1 Work' WHERE uid = 2;
            UPDATE messages SET flags = 25, internal_date = unixepoch('2026-04-01 23:59:59') WHERE uid = 3;
            UPDATE messages SET keywords = 'Work' WHERE uid = 4;
            """);
        _session = await Vault.Get<ISessionService>().OpenSessionAsync(Address, Password, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    public static async Task DeliverAsync(VaultFixture vault, string recipient, string message)
    {
        var results = await vault.Get<IDeliveryService>().DeliverAsync(
            new DeliveryRequest([recipient], "bob@example.net"), new MemoryStream(Encoding.UTF8.GetBytes(message)), TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryStatus.Stored, Assert.Single(results).Status);
    }

    /// <summary>Runs SQL against the fixture's store, as a disk reader (or the test) would see it.</summary>
    public static async Task ExecuteAsync(VaultFixture vault, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(vault.Directory, "data", "lockbox.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<(long MessageId, long Form, byte[] Document)>> DocumentsAsync(VaultFixture vault)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(vault.Directory, "data", "lockbox.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id, form, document FROM search_documents ORDER BY message_id;";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, long, byte[])>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1), (byte[])reader[2]));
        }

        return rows;
    }
}
