// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lockbox.Web.Tests;

public sealed class WebServiceCollectionExtensionsTests
{
    [Fact]
    public void No_request_body_can_spill_to_a_temp_file_below_the_form_limit()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Web:MaxFormBytes", "5000000")]).Build();
        using var services = new ServiceCollection().AddLogging().AddLockboxWeb(configuration).BuildServiceProvider();

        var form = services.GetRequiredService<IOptions<FormOptions>>().Value;
        var mvc = services.GetRequiredService<IOptions<MvcOptions>>().Value;

        // FileBufferingReadStream writes to ASPNETCORE_TEMP past MemoryBufferThreshold (64 KB by default).
        Assert.Equal(5_000_000, form.MemoryBufferThreshold);
        Assert.Equal(5_000_000, form.MultipartBodyLengthLimit);
        Assert.Equal(5_000_000, form.BufferBodyLengthLimit);
        Assert.True(mvc.SuppressInputFormatterBuffering);
        Assert.True(mvc.SuppressOutputFormatterBuffering);
    }
}
