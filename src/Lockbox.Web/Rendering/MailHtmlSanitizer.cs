// SPDX-License-Identifier: MIT
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using Ganss.Xss;

namespace Lockbox.Web.Rendering;

/// <summary>
/// Cleans a message's HTML for the body frame (docs/decisions/0022) with HtmlSanitizer's allow-list: no script, no
/// event handler, no javascript: URL, no CSS expression, no form, no frame, no SVG or MathML. On top of that:
/// - remote resources: unless <c>remoteImages</c>, every URL that would load something (img src and srcset,
///   background, CSS url()) is removed, so opening a message tells no tracker that it was read. Links stay, and open
///   in a new browsing context without a referrer. The body's CSP (<see cref="Security.SecurityHeaders.BodyPolicy"/>)
///   blocks the same loads again should anything slip through;
/// - cid: references (RFC 2392) become data: URLs of the message's own inline parts, since the sandboxed frame has
///   no origin to fetch them with the session cookie.
/// A new sanitizer per call: its events carry this message's state.
/// </summary>
public static class MailHtmlSanitizer
{
    /// <summary>Sanitises <paramref name="html"/>; <paramref name="inlinePart"/> maps a Content-ID to a data: URL, or null.</summary>
    public static SanitizedHtml Sanitize(string html, bool remoteImages, Func<string, string?> inlinePart)
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("cid");
        // Mail styles itself in <style> blocks more often than not; HtmlSanitizer parses those with AngleSharp.Css
        // and keeps only allowed properties, with the same URL filter.
        sanitizer.AllowedTags.Add("style");
        sanitizer.AllowedAtRules.Add(CssRuleType.Media);
        // A form in a message is a phishing tool (a fake login under this site's address), not content.
        foreach (var tag in FormTags)
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        var blocked = 0;
        sanitizer.FilterUrl += (_, e) =>
        {
            var url = e.OriginalUrl.Trim();
            if (url.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
            {
                e.SanitizedUrl = inlinePart(Uri.UnescapeDataString(url[4..]));
                return;
            }

            if (IsLink(e.Tag) || e.SanitizedUrl is null)
            {
                return;
            }

            if (!remoteImages)
            {
                e.SanitizedUrl = null;
                blocked++;
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element && IsLink(element))
            {
                element.SetAttribute("target", "_blank");
                element.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return new SanitizedHtml(sanitizer.SanitizeDocument(html), blocked);
    }

    static readonly string[] FormTags = ["form", "input", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "datalist", "output"];

    /// <summary>Only a link's href may point elsewhere: following it is the reader's choice, not an automatic load.</summary>
    static bool IsLink(IElement? element) =>
        element is not null && (element.LocalName is "a" or "area") && element.HasAttribute("href");
}
