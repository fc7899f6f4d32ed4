// SPDX-License-Identifier: MIT
namespace Lockbox.Migration;

/// <summary>The migration will not start or continue: the two ends do not fit (schema, columns, a target in use).</summary>
public sealed class MigrationRefusedException(string message) : Exception(message);
