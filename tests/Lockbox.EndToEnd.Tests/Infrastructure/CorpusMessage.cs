// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>One mailgen message file and its two canaries ("CANARYSUBJ-" or "CANARYBODY-" + 16 hex digits).</summary>
internal sealed record CorpusMessage(string Path, string SubjectCanary, string BodyCanary);
