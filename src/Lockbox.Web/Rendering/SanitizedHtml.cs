// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Rendering;

/// <summary>A message's HTML after <see cref="MailHtmlSanitizer"/>.</summary>
/// <param name="Html">The sanitised document.</param>
/// <param name="BlockedImages">Remote image references removed (0 when remote images were allowed).</param>
public sealed record SanitizedHtml(string Html, int BlockedImages);
