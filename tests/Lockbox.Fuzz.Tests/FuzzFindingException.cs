// SPDX-License-Identifier: MIT
namespace Lockbox.Fuzz.Tests;

/// <summary>An input crashed, hung or overran a target; the message says where the input was saved.</summary>
public sealed class FuzzFindingException(string message, Exception? inner) : Exception(message, inner);
