// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>Identifier quoting shared by both engines (SQL standard double quotes; both accept it).</summary>
internal static class Sql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
