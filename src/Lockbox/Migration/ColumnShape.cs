// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>One column of a table, as both engines must agree on it.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Kind">Its type on both engines.</param>
public sealed record ColumnShape(string Name, ColumnKind Kind);
