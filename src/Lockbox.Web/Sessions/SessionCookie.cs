// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Http;

namespace Lockbox.Web.Sessions;

/// <summary>
/// The session cookie: the opaque ID only. HttpOnly (no script reads it), SameSite=Strict (no cross-site request
/// carries it: a second line against CSRF behind the anti-forgery tokens), Secure whenever the request came over TLS,
/// no Expires (it ends with the browser; the server ends it sooner, see <see cref="WebOptions.IdleTimeout"/>).
/// </summary>
public static class SessionCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "lockbox_session";

    /// <summary>The cookie value of the request, or null.</summary>
    public static string? Read(HttpContext context) => context.Request.Cookies[Name];

    /// <summary>Sets the cookie to <paramref name="id"/>.</summary>
    public static void Write(HttpContext context, string id) => context.Response.Cookies.Append(Name, id, Options(context));

    /// <summary>Tells the browser to forget the cookie.</summary>
    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Options(context));

    static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
