// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>How far a copy is: rows committed to the target of all rows, and the table being copied.</summary>
public sealed record CopyProgress(string Table, long Done, long Total);
