// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests;

/// <summary>
/// The test classes that read what <see cref="DeliveredMailboxes"/> delivered share one server and one
/// delivery run: it takes most of their time (a 40-message corpus and a 20 MB message, twice).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedDeliveredMailboxes : ICollectionFixture<DeliveredMailboxes>
{
    public const string Name = "delivered mailboxes";
}
