// SPDX-License-Identifier: MIT
using System.Data;
using System.Data.Common;

namespace Lockbox.Storage.Sql;

/// <summary>
/// Binds parameters by <see cref="DbType"/>, which both providers map the same way (Int64: SQLite INTEGER, PostgreSQL
/// bigint; String: TEXT, text; Binary: BLOB, bytea). Names carry the <c>@</c> of the statement text: Microsoft.Data.Sqlite
/// matches them as written, Npgsql drops the prefix. A null value is bound as SQL NULL of the type.
/// </summary>
internal static class SqlParameters
{
    /// <summary>A typed parameter without a value yet, for a statement run once per row with new values.</summary>
    public static DbParameter Add(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static DbParameter Add(this DbCommand command, string name, long value) => Add(command, name, DbType.Int64, value);

    public static DbParameter Add(this DbCommand command, string name, long? value) => Add(command, name, DbType.Int64, value);

    public static DbParameter Add(this DbCommand command, string name, string? value) => Add(command, name, DbType.String, value);

    public static DbParameter Add(this DbCommand command, string name, byte[]? value) => Add(command, name, DbType.Binary, value);

    static DbParameter Add(DbCommand command, string name, DbType type, object? value)
    {
        var parameter = Add(command, name, type);
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
