// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>An address field (From, To, Cc, ...) decoded.</summary>
/// <param name="Text">
/// The whole field for display, names decoded, e.g. <c>Ann Example &lt;ann@example.org&gt;, bob@example.net</c>; a form
/// filled with it parses back to the same addresses. Empty when the field is absent.
/// </param>
/// <param name="Mailboxes">Its mailboxes, groups (RFC 5322 section 3.4) flattened to their members.</param>
public sealed record MessageAddressList(string Text, IReadOnlyList<MessageAddress> Mailboxes)
{
    /// <summary>A field that is absent.</summary>
    public static MessageAddressList Empty { get; } = new("", []);
}
