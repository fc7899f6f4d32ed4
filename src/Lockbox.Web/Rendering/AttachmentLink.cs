// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Rendering;

/// <summary>An attachment as the message page lists it.</summary>
/// <param name="Part">Its index among the message's leaf parts (MimeKit's BodyParts order): the download route's <c>part</c>.</param>
/// <param name="FileName">The decoded file name, or a made-up one.</param>
/// <param name="ContentType">The media type, e.g. "application/pdf".</param>
public sealed record AttachmentLink(int Part, string FileName, string ContentType);
