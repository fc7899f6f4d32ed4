// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>
/// A consent text exactly as Vault records it. Show <see cref="Text"/>, and send <see cref="Label"/> back with the
/// user's agreement: Vault refuses a label that is not the current one, so the audit log never names words the
/// user was not shown.
/// </summary>
/// <param name="Kind">What is agreed to.</param>
/// <param name="Label">How the audit log names the text and its version, e.g. "encryption v1".</param>
/// <param name="Version">The text's version; a changed text gets a new one.</param>
/// <param name="Text">The words to show, in plain language.</param>
public sealed record ConsentDocument(ConsentKind Kind, string Label, int Version, string Text);
