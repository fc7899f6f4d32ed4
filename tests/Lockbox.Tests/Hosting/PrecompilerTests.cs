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

    [Fact]
    public void The_runtime_plumbing_of_an_async_method_is_found_and_compiled_ahead()
    {
        var stateMachines = Precompiler.RequestPaths.SelectMany(a => a.GetTypes()).Where(AsyncPlumbing.IsStateMachine).ToList();

        // Start, GetStateMachineBox and the box's own methods: if the runtime renames its internals, this says so.
        Assert.True(stateMachines.Count > 100, $"only {stateMachines.Count} async state machines");
        Assert.All(stateMachines.Take(20), machine => Assert.True(AsyncPlumbing.Prepare(machine) >= 3, machine.FullName));
    }
}
