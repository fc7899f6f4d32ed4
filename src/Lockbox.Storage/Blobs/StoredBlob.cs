// SPDX-License-Identifier: MIT
namespace Lockbox.Storage.Blobs;

/// <summary>A committed blob: its ID and size, and its bytes when it stayed in memory instead of becoming a file.</summary>
/// <param name="Id">The blob ID the rows reference.</param>
/// <param name="Size">The blob's size in bytes.</param>
/// <param name="Inline">
/// Non-null: no file was written, and the blob exists only once these bytes are stored with its row
/// (<see cref="NewMessage.InlineContent"/>, docs/decisions/0036). Null: the blob is a durable file.
/// </param>
public sealed record StoredBlob(string Id, long Size, byte[]? Inline);
