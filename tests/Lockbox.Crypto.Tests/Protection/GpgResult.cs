// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Tests.Protection;

/// <summary>What one gpg run printed and how it exited.</summary>
internal sealed record GpgResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
}
