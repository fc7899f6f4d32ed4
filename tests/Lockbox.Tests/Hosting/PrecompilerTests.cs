// SPDX-License-Identifier: MIT
using Lockbox.Hosting;

namespace Lockbox.Tests.Hosting;

public sealed class PrecompilerTests
{
    [Fact]
    public void Every_method_of_the_request_paths_compiles_ahead()
    {
        var (compiled, failed) = Precompiler.Compile(Precompiler.RequestPaths, TestContext.Current.CancellationToken);

        Assert.Empty(failed);
        Assert.True(compiled > 2000, $"only {compiled} methods compiled");
    }
}
