// SPDX-License-Identifier: MIT
using Lockbox.Web.Rendering;

namespace Lockbox.Web.Tests.Rendering;

public sealed class MailHtmlSanitizerTests
{
    /// <summary>Payloads after the OWASP XSS filter evasion cheat sheet; none may leave anything that runs.</summary>
    public static TheoryData<string> Payloads =>
    [
        "<script>window.pwned=1</script>",
        "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
        "<img src=x onerror=\"window.pwned=1\">",
        "<body onload=window.pwned=1>",
        "<a href=\"javascript:window.pwned=1\">click</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>",
        "<a href=\"  JaVaScRiPt:alert(1)\">case</a>",
        "<div style=\"width: expression(alert(1))\">ie</div>",
        "<div style=\"background:url(javascript:alert(1))\">bg</div>",
        "<style>div { background: url(\"javascript:alert(1)\") } p { behavior: url(x.htc) }</style>",
        "<svg onload=alert(1)><script>alert(2)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
        "<embed src=\"x.swf\">",
        "<form action=\"https://evil.example/\"><input name=p></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"https://evil.example/\">",
        "<<script>script>alert(1)<</script>/script>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<div><p>unclosed <b>bold <i>italic</div><img src=x onerror=alert(1)",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void No_payload_leaves_script_handlers_or_script_urls(string payload)
    {
        var html = MailHtmlSanitizer.Sanitize(payload, remoteImages: true, _ => null).Html.ToLowerInvariant();

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("expression(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("behavior", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data:text/html", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("<[^>]+\\son[a-z]+\\s*=", html);
        foreach (var tag in new[] { "<svg", "<math", "<iframe", "<object", "<embed", "<form", "<meta", "<base", "<link" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Remote_images_in_every_form_are_removed_and_counted()
    {
        const string Html = "<img src=\"https://t.example/a.gif\"><img srcset=\"https://t.example/b.png 2x\">" +
            "<table background=\"http://t.example/c.jpg\"><tr><td>x</td></tr></table>" +
            "<div style=\"background-image: url('https://t.example/d.png')\">d</div>" +
            "<style>p { background: url(https://t.example/e.png) }</style><p>text</p>" +
            "<img src=\"//t.example/f.gif\">";

        var result = MailHtmlSanitizer.Sanitize(Html, remoteImages: false, _ => null);

        Assert.DoesNotContain("t.example", result.Html, StringComparison.Ordinal);
        // Some never reach the filter (HtmlSanitizer drops a protocol-relative URL itself); the count is for the "load images" note.
        Assert.True(result.BlockedImages >= 4, result.BlockedImages + " blocked");
        Assert.Contains("<p>text</p>", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void With_images_allowed_remote_images_stay()
    {
        var result = MailHtmlSanitizer.Sanitize("<img src=\"https://t.example/a.gif\">", remoteImages: true, _ => null);

        Assert.Contains("src=\"https://t.example/a.gif\"", result.Html, StringComparison.Ordinal);
        Assert.Equal(0, result.BlockedImages);
    }

    [Fact]
    public void Links_stay_and_open_elsewhere_without_a_referrer()
    {
        var result = MailHtmlSanitizer.Sanitize("<a href=\"https://example.org/page\">site</a> <a href=\"mailto:bob@example.net\">mail</a>", remoteImages: false, _ => null);

        Assert.Contains("href=\"https://example.org/page\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:bob@example.net\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("target=\"_blank\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer\"", result.Html, StringComparison.Ordinal);
        Assert.Equal(0, result.BlockedImages);
    }

    [Fact]
    public void A_cid_image_becomes_the_inline_part_and_an_unknown_one_is_dropped()
    {
        var result = MailHtmlSanitizer.Sanitize(
            "<img src=\"cid:logo@x\"><img src=\"cid:missing@x\">", remoteImages: false, id => id == "logo@x" ? "data:image/png;base64,iVBORw0KGgo=" : null);

        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("cid:", result.Html, StringComparison.Ordinal);
        Assert.Equal(0, result.BlockedImages);
    }

    [Fact]
    public void Styles_that_are_harmless_survive()
    {
        var result = MailHtmlSanitizer.Sanitize("<style>p { color: red }</style><p style=\"font-weight: bold\">x</p>", remoteImages: false, _ => null);

        Assert.Contains("p { color: rgba(255, 0, 0, 1) }", result.Html, StringComparison.Ordinal);
        Assert.Contains("font-weight: bold", result.Html, StringComparison.Ordinal);
    }
}
