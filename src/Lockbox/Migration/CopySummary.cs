// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>The outcome of a copy run.</summary>
/// <param name="Total">Rows in the source.</param>
/// <param name="CopiedNow">Rows this run wrote (less than the total when it resumed an earlier run).</param>
/// <param name="Elapsed">Time this run spent copying.</param>
public sealed record CopySummary(long Total, long CopiedNow, TimeSpan Elapsed);
