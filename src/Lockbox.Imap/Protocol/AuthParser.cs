// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>LOGIN and AUTHENTICATE arguments.</summary>
static class AuthParser
{
    // RFC 3501 section 6.2.3: LOGIN userid password, both astrings.
    public static LoginCommand ParseLogin(ImapArguments args) => new(args.ReadAstring(), args.ReadAstring());

    // RFC 3501 section 6.2.2 and RFC 4959 section 7: AUTHENTICATE auth-type [SP (base64 / "=")].
    public static AuthenticateCommand ParseAuthenticate(ImapArguments args)
    {
        var mechanism = args.ReadAtom().ToUpperInvariant();
        if (args.AtEnd)
        {
            return new AuthenticateCommand(mechanism, null);
        }

        var response = args.ReadAtom();
        if (response == "=")
        {
            return new AuthenticateCommand(mechanism, "");
        }

        return ImapArguments.IsBase64(response)
            ? new AuthenticateCommand(mechanism, response)
            : throw new ImapParseException("Invalid base64 in the initial response");
    }
}
