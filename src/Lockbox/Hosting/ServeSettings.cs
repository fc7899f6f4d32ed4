// SPDX-License-Identifier: MIT
using System.Net;

namespace Lockbox.Hosting;

/// <summary>What <c>serve</c> listens on and where it keeps data, from the command line and configuration.</summary>
/// <param name="DataDirectory">The data directory.</param>
/// <param name="Lmtp">The LMTP TCP endpoint (default 127.0.0.1:2424).</param>
/// <param name="LmtpUnixSocket">An LMTP Unix socket path (Postfix's lmtp:unix:), or null.</param>
/// <param name="Imap">The IMAP TCP endpoint (default 127.0.0.1:1143; cleartext with STARTTLS).</param>
/// <param name="Imaps">The IMAPS TCP endpoint (default 127.0.0.1:1993; TLS from the first byte, RFC 8314).</param>
/// <param name="Web">The webmail endpoint (default 127.0.0.1:8080; HTTPS when <c>Web:Tls</c> is true).</param>
public sealed record ServeSettings(string DataDirectory, IPEndPoint Lmtp, string? LmtpUnixSocket, IPEndPoint Imap, IPEndPoint Imaps, IPEndPoint Web);
