// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Compose;

/// <summary>How the compose page starts: blank, or from a message being answered or forwarded.</summary>
public enum ComposeMode
{
    New,
    Reply,
    ReplyAll,
    Forward,
}
