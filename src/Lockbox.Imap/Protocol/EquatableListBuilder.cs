// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>Collection-expression builder for <see cref="EquatableList{T}"/>.</summary>
public static class EquatableListBuilder
{
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
