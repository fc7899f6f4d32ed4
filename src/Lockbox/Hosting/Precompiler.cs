// SPDX-License-Identifier: MIT
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lockbox.Hosting;

/// <summary>
/// Compiles the methods of the protocol and storage assemblies on a background thread once the server listens.
/// Tiered compilation is off (decision 0015), so a method is compiled fully optimised at its first call, on the
/// request that makes it: the first header search of a process took 44 ms against 3.6 ms for the same search
/// right after (docs/benchmarks.md). Compiling ahead moves that to start-up, off every request path; a method a
/// request reaches first is simply compiled there, as before.
/// </summary>
internal sealed class Precompiler(ILogger<Precompiler> logger) : BackgroundService
{
    /// <summary>The assemblies whose code serves requests: IMAP, LMTP, the storage agent, the store and the webmail.</summary>
    public static IReadOnlyList<Assembly> RequestPaths { get; } =
    [
        typeof(Lockbox.Imap.ImapServiceCollectionExtensions).Assembly,
        typeof(Lockbox.Lmtp.LmtpOptions).Assembly,
        typeof(Lockbox.Vault.Accounts.AccountService).Assembly,
        typeof(Lockbox.Storage.IMailStore).Assembly,
        typeof(Lockbox.Web.WebOptions).Assembly,
    ];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Factory.StartNew(
        () =>
        {
            var (compiled, failed) = Compile(RequestPaths, stoppingToken);
            var first = failed.Count > 0 ? failed[0] : "-";
            Log.Precompiled(logger, compiled, failed.Count, first);
        },
        stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Compiles every concrete, non-generic method and constructor declared in <paramref name="assemblies"/>, nested
    /// types (async state machines, lambdas' closures) included, and the runtime's plumbing of each async method
    /// (<see cref="AsyncPlumbing"/>). Returns how many were prepared, and which could not be, by name. Virtual methods
    /// count as prepared, but this runtime leaves those that implement an interface to their first call
    /// (docs/decisions/0014).
    /// </summary>
    public static (int Compiled, IReadOnlyList<string> Failed) Compile(IEnumerable<Assembly> assemblies, CancellationToken cancellationToken)
    {
        const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var compiled = 0;
        var failed = new List<string>();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => !t.ContainsGenericParameters && !t.IsInterface))
        {
            if (AsyncPlumbing.IsStateMachine(type))
            {
                try
                {
                    compiled += AsyncPlumbing.Prepare(type);
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or TypeLoadException or BadImageFormatException or InvalidProgramException)
                {
                    failed.Add($"{type.FullName} (async plumbing): {e.GetType().Name}");
                }
            }

            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                {
                    continue;
                }

                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or TypeLoadException or BadImageFormatException or InvalidProgramException)
                {
                    // Reported, not hidden: the log line names the first, and the method is compiled at its first call.
                    failed.Add($"{type.FullName}.{method.Name}: {e.GetType().Name}");
                }
            }
        }

        return (compiled, failed);
    }
}
