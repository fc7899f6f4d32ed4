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
        var serve = new Command("serve", "Run the server: LMTP now; IMAP and web as later releases add them.") { data, lmtp, lmtpSocket };
        serve.SetAction((parseResult, cancellationToken) =>
        {
            var configuration = LockboxConfiguration.Build();
            var settings = new ServeSettings(
                parseResult.GetRequiredValue(data),
                ListenAddress.Parse(parseResult.GetRequiredValue(lmtp), "lmtp"),
                parseResult.GetValue(lmtpSocket) ?? configuration["Lmtp:UnixSocket"]);
            return ServerHost.RunAsync(settings, cancellationToken);
        });
        return serve;
    }
}
