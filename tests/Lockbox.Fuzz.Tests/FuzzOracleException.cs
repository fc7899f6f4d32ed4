// SPDX-License-Identifier: MIT
namespace Lockbox.Fuzz.Tests;

/// <summary>A target broke its documented contract on an input: a wrong result kind, a limit exceeded.</summary>
public sealed class FuzzOracleException(string message) : Exception(message);
