// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Tests.Interop;

/// <summary>Exit code, raw stdout and stderr text of one gpg run.</summary>
internal sealed record GpgResult(int ExitCode, byte[] Stdout, string Stderr);
