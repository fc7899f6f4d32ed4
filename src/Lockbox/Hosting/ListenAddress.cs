// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.Cli;

namespace Lockbox.Hosting;

/// <summary>Parses listener addresses given as <c>H:P</c> (DESIGN.md section 5); port 0 means any free port.</summary>
public static class ListenAddress
{
    /// <exception cref="CliException">Not an address and port.</exception>
    public static IPEndPoint Parse(string text, string listener)
    {
        var normalized = text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" + text[9..] : text;
        return IPEndPoint.TryParse(normalized, out var endPoint) && normalized.Contains(':', StringComparison.Ordinal)
            ? endPoint
            : throw new CliException($"--{listener}: expected HOST:PORT (for example 127.0.0.1:2424), got \"{text}\"");
    }
}
