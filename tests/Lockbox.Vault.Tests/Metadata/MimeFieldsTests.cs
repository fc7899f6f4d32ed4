// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.Json;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;

namespace Lockbox.Vault.Tests.Metadata;

public sealed class MimeFieldsTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reader_keeps_the_parsed_content_type_disposition_and_what_raw_field_names_need()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "Subject : spaced\r\nnot a header line\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: application/pdf; name*=utf-8''r%C3%A9sum%C3%A9.pdf\r\nContent-Disposition: attachment; filename=\"a.pdf\"\r\n\r\nx\r\n" +
            "--b\r\n\r\nno headers\r\n--b--\r\n");

        var root = (await MetadataReader.ReadAsync(new MemoryStream(bytes), Ct)).Root;

        Assert.Equal(("multipart", "mixed"), (root.ContentType!.MediaType, root.ContentType.MediaSubtype));
        Assert.Equal(new MimeParameter("boundary", "b"), Assert.Single(root.ContentType.Parameters));
        Assert.Equal("Subject ", Encoding.ASCII.GetString(root.Headers[0].RawName!));
        Assert.True(root.Headers[1].NoColon);
        Assert.Equal("not a header line\r\n", Encoding.ASCII.GetString(root.Headers[1].RawName!));
        Assert.Null(root.Headers[2].RawName);
        var pdf = root.Children[0];
        Assert.Equal(("application", "pdf"), (pdf.ContentType!.MediaType, pdf.ContentType.MediaSubtype));
        Assert.Equal("résumé.pdf", Assert.Single(pdf.ContentType.Parameters).Value);
        Assert.Equal("attachment", pdf.Disposition!.Disposition);
        Assert.Equal(new MimeParameter("filename", "a.pdf"), Assert.Single(pdf.Disposition.Parameters));
        Assert.Equal(("text", "plain"), (root.Children[1].ContentType!.MediaType, root.Children[1].ContentType!.MediaSubtype));
        Assert.Null(root.Children[1].Disposition);
    }

    [Fact]
    public void A_record_stored_before_the_parsed_fields_existed_deserializes_and_is_completed_from_its_headers()
    {
        const string legacy = """
            {"size":120,"parsed":true,"root":{"kind":1,"begin":0,"headersEnd":50,"end":120,"lines":6,
              "headers":[{"name":"Content-Type","rawValue":"IG11bHRpcGFydC9taXhlZDsgYm91bmRhcnk9Yg0K"}],
              "children":[
                {"kind":0,"begin":60,"headersEnd":100,"end":110,"lines":1,"children":[],
                 "headers":[{"name":"Content-Disposition","rawValue":"IGlubGluZQ0K"}]},
                {"kind":2,"begin":111,"headersEnd":111,"end":118,"lines":1,"headers":[],"children":[]}]}}
            """;

        var metadata = JsonSerializer.Deserialize(legacy, MetadataJsonContext.Default.MessageMetadata)!;
        var root = MimeFields.Complete(metadata.Root);

        Assert.Null(metadata.Root.ContentType);
        Assert.Null(metadata.Root.Headers[0].RawName);
        Assert.Equal(("multipart", "mixed"), (root.ContentType!.MediaType, root.ContentType.MediaSubtype));
        Assert.Equal(("text", "plain"), (root.Children[0].ContentType!.MediaType, root.Children[0].ContentType!.MediaSubtype));
        Assert.Equal("inline", root.Children[0].Disposition!.Disposition);
        Assert.Equal(("message", "rfc822"), (root.Children[1].ContentType!.MediaType, root.Children[1].ContentType!.MediaSubtype));
    }
}
