// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>A hand-made message with a real-world shape that breaks naive servers.</summary>
internal sealed record EdgeCase(string Name, byte[] Bytes)
{
    public override string ToString() => $"{Name} ({Bytes.Length} bytes)";
}
