// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;

namespace Lockbox.Commands;

/// <summary><c>serve</c>: runs every listener in one process (DESIGN.md section 5).</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var lmtp = new Option<string>("--lmtp") { Description = "LMTP listener.", DefaultValueFactory = _ => "127.0.0.1:2424", HelpName = "HOST:PORT" };
        var lmtpSocket = new Option<string?>("--lmtp-socket") { Description = "Also listen for LMTP on this Unix socket (Postfix lmtp:unix:).", HelpName = "PATH" };
        // 1143 and 1993, not 143 and 993: unprivileged ports, on loopback until the operator opens them up.
        var imap = new Option<string>("--imap") { Description = "IMAP listener (STARTTLS).", DefaultValueFactory = _ => "127.0.0.1:1143", HelpName = "HOST:PORT" };
        var imaps = new Option<string>("--imaps") { Description = "IMAPS listener (implicit TLS).", DefaultValueFactory = _ => "127.0.0.1:1993", HelpName = "HOST:PORT" };
        var web = new Option<string>("--web") { Description = "Webmail listener (HTTP, or HTTPS with Web:Tls).", DefaultValueFactory = _ => "127.0.0.1:8080", HelpName = "HOST:PORT" };
        var serve = new Command("serve", "Run the server: LMTP, IMAP, IMAPS and the webmail.") { data, lmtp, lmtpSocket, imap, imaps, web };
        serve.SetAction((parseResult, cancellationToken) =>
        {
            var configuration = LockboxConfiguration.Build();
            var settings = new ServeSettings(
                parseResult.GetRequiredValue(data),
                ListenAddress.Parse(parseResult.GetRequiredValue(lmtp), "lmtp"),
                parseResult.GetValue(lmtpSocket) ?? configuration["Lmtp:UnixSocket"],
                ListenAddress.Parse(parseResult.GetRequiredValue(imap), "imap"),
                ListenAddress.Parse(parseResult.GetRequiredValue(imaps), "imaps"),
                ListenAddress.Parse(parseResult.GetRequiredValue(web), "web"));
            return ServerHost.RunAsync(settings, cancellationToken);
        });
        return serve;
    }
}
