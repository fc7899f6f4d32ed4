// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Compose;

/// <summary>The form cannot become a message, or the relay did not take it. The message is for the user, as it is.</summary>
public sealed class ComposeException(string message, Exception? inner = null) : Exception(message, inner);
