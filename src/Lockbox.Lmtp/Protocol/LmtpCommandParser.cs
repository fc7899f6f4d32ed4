// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;

namespace Lockbox.Lmtp.Protocol;

/// <summary>
/// Parses one command line (without its CRLF). Pure and total: bad input gives a reply, never an
/// exception (STYLE.md section 5).
/// </summary>
public static class LmtpCommandParser
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static LmtpParseResult Parse(ReadOnlySpan<byte> line)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return Fail(500, "5.5.2", "Invalid characters in command");
        }

        if (text.Any(char.IsControl))
        {
            return Fail(500, "5.5.2", "Control characters in command");
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : text[(space + 1)..].Trim(' ');
        return verb switch
        {
            "LHLO" => argument.Length == 0 ? Fail(501, "5.5.4", "LHLO needs a domain") : LmtpParseResult.Ok(new LhloCommand(argument)),
            "MAIL" => ParseMail(argument),
            "RCPT" => ParseRcpt(argument),
            "DATA" => NoArgument(LmtpVerb.Data, argument),
            "RSET" => NoArgument(LmtpVerb.Rset, argument),
            "QUIT" => NoArgument(LmtpVerb.Quit, argument),
            // RFC 5321 section 4.1.1.9: NOOP's argument is to be ignored.
            "NOOP" => LmtpParseResult.Ok(new SimpleCommand(LmtpVerb.Noop)),
            "VRFY" => LmtpParseResult.Ok(new SimpleCommand(LmtpVerb.Vrfy)),
            "HELP" => LmtpParseResult.Ok(new SimpleCommand(LmtpVerb.Help)),
            // RFC 3207 section 4: STARTTLS has no parameters.
            "STARTTLS" => NoArgument(LmtpVerb.StartTls, argument),
            // RFC 2033 section 4.1: an LMTP server must not accept HELO or EHLO.
            "HELO" or "EHLO" => Fail(500, "5.5.1", "This is LMTP: use LHLO"),
            "" => Fail(500, "5.5.2", "Empty command"),
            _ => Fail(500, "5.5.1", "Command not recognized"),
        };
    }

    static LmtpParseResult NoArgument(LmtpVerb verb, string argument) =>
        argument.Length == 0
            ? LmtpParseResult.Ok(new SimpleCommand(verb))
            : Fail(501, "5.5.4", $"{verb.ToString().ToUpperInvariant()} takes no argument");

    static LmtpParseResult ParseMail(string argument)
    {
        if (!TryStripPrefix(argument, "FROM:", out var rest) || !TryParsePath(rest, allowNull: true, out var path, out var parameters))
        {
            return Fail(501, "5.5.4", "Syntax: MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8]");
        }

        long? size = null;
        var eightBit = false;
        foreach (var parameter in parameters)
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? parameter : parameter[..eq]).ToUpperInvariant();
            var value = eq < 0 ? "" : parameter[(eq + 1)..];
            switch (name)
            {
                // RFC 1870 section 3: SIZE=<digits>.
                case "SIZE" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var declared):
                    size = declared;
                    break;
                // RFC 6152 section 2: BODY=7BIT or BODY=8BITMIME.
                case "BODY" when value.Equals("8BITMIME", StringComparison.OrdinalIgnoreCase):
                    eightBit = true;
                    break;
                case "BODY" when value.Equals("7BIT", StringComparison.OrdinalIgnoreCase):
                    eightBit = false;
                    break;
                // RFC 6531 section 3.4: SMTPUTF8 has no value. Final delivery has nothing more to do for it: the addresses
                // and the header fields are stored as the UTF-8 they arrive in (RFC 6532), as without the parameter.
                case "SMTPUTF8" when eq < 0:
                    break;
                case "SIZE" or "BODY" or "SMTPUTF8":
                    return Fail(501, "5.5.4", $"Bad value for {name}");
                default:
                    // RFC 5321 section 4.1.1.11: parameters not recognized.
                    return Fail(555, "5.5.4", $"Unsupported MAIL parameter {name}");
            }
        }

        return LmtpParseResult.Ok(new MailCommand(path, size, eightBit));
    }

    static LmtpParseResult ParseRcpt(string argument)
    {
        if (!TryStripPrefix(argument, "TO:", out var rest) || !TryParsePath(rest, allowNull: false, out var path, out var parameters))
        {
            return Fail(501, "5.5.4", "Syntax: RCPT TO:<address>");
        }

        return parameters.Count == 0
            ? LmtpParseResult.Ok(new RcptCommand(path))
            : Fail(555, "5.5.4", "RCPT parameters are not supported");
    }

    static bool TryStripPrefix(string argument, string prefix, out string rest)
    {
        var ok = argument.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        // Lenient like Postfix and Dovecot: a space after the colon is tolerated.
        rest = ok ? argument[prefix.Length..].TrimStart(' ') : "";
        return ok;
    }

    /// <summary>
    /// Parses "&lt;path&gt; params..." (RFC 5321 section 4.1.2). A source route ("@a,@b:") is accepted
    /// and ignored, as section 4.1.1.3 requires. Angle brackets are required.
    /// </summary>
    static bool TryParsePath(string text, bool allowNull, out string path, out List<string> parameters)
    {
        path = "";
        parameters = [];
        if (!text.StartsWith('<'))
        {
            return false;
        }

        var close = ClosingBracket(text);
        if (close < 0)
        {
            return false;
        }

        var inner = text[1..close];
        if (inner.StartsWith('@'))
        {
            var colon = inner.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            inner = inner[(colon + 1)..];
        }

        var tail = text[(close + 1)..];
        if (tail.Length > 0 && tail[0] != ' ')
        {
            return false;
        }

        parameters = [.. tail.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        if (inner.Length == 0)
        {
            return allowNull;
        }

        if (!MailAddress.IsValid(inner))
        {
            return false;
        }

        path = MailAddress.Canonical(inner);
        return true;
    }

    /// <summary>The index of the '&gt;' closing the path, skipping quoted local parts.</summary>
    static int ClosingBracket(string text)
    {
        var quoted = false;
        for (var i = 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '>' when !quoted:
                    return i;
            }
        }

        return -1;
    }

    static LmtpParseResult Fail(int code, string enhanced, string text) => LmtpParseResult.Fail(new LmtpReply(code, enhanced, text));
}
