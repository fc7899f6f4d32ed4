// SPDX-License-Identifier: MIT
using System.Collections;
using System.Runtime.CompilerServices;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// An immutable list with value equality, so command and response records compare by content
/// (records compare collections by reference otherwise).
/// </summary>
[CollectionBuilder(typeof(EquatableListBuilder), nameof(EquatableListBuilder.Create))]
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    readonly T[] _items;

    public EquatableList(IEnumerable<T> items)
    {
        _items = [.. items];
    }

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public bool Equals(EquatableList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
