// SPDX-License-Identifier: MIT
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Lockbox.Hosting;

/// <summary>
/// The runtime's code that drives one async method: <c>AsyncMethodBuilderCore.Start&lt;TStateMachine&gt;</c>, which runs
/// it up to its first suspension, and the box that keeps a suspended one
/// (<c>AsyncTaskMethodBuilder&lt;TResult&gt;.AsyncStateMachineBox&lt;TStateMachine&gt;</c> and <c>GetStateMachineBox</c>).
/// They are generic over the state machine, a struct in a Release build, so every async method has its own copy,
/// compiled at its first call unless prepared here (docs/decisions/0014). The types are the runtime's internals,
/// looked up by name: a runtime that names them otherwise gets nothing prepared here, and is only slower at first calls.
/// </summary>
internal static class AsyncPlumbing
{
    const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    static readonly Assembly CoreLibrary = typeof(AsyncTaskMethodBuilder).Assembly;
    static readonly MethodInfo? Start = CoreLibrary.GetType("System.Runtime.CompilerServices.AsyncMethodBuilderCore")?.GetMethod("Start", Any);
    static readonly Type? VoidResult = CoreLibrary.GetType("System.Threading.Tasks.VoidTaskResult");

    /// <summary>
    /// Whether <paramref name="type"/> is the state machine the compiler generated for an async method (a struct in a
    /// Release build, whose plumbing is its own; a class in a Debug build, whose plumbing is shared and cheap to prepare).
    /// </summary>
    public static bool IsStateMachine(Type type) =>
        typeof(IAsyncStateMachine).IsAssignableFrom(type) && !type.IsInterface && !type.ContainsGenericParameters;

    /// <summary>Compiles the plumbing of <paramref name="stateMachine"/>; returns how many methods were prepared.</summary>
    public static int Prepare(Type stateMachine)
    {
        var prepared = 0;
        if (Start is not null)
        {
            Compile(Start.MakeGenericMethod(stateMachine));
            prepared++;
        }

        if (ResultOf(stateMachine) is not { } result)
        {
            return prepared;
        }

        var builder = typeof(AsyncTaskMethodBuilder<>).MakeGenericType(result);
        if (builder.GetMethod("GetStateMachineBox", Any) is { IsGenericMethodDefinition: true } getBox)
        {
            Compile(getBox.MakeGenericMethod(stateMachine));
            prepared++;
        }

        if (builder.GetNestedType("AsyncStateMachineBox`1", BindingFlags.NonPublic) is { } box)
        {
            foreach (var method in box.MakeGenericType(result, stateMachine).GetMethods(Any).Cast<MethodBase>())
            {
                if (!method.IsAbstract && !method.ContainsGenericParameters && !method.IsVirtual)
                {
                    Compile(method);
                    prepared++;
                }
            }
        }

        return prepared;
    }

    /// <summary>
    /// The <c>TResult</c> of the box that suspends <paramref name="stateMachine"/>: what its builder field completes
    /// (<c>VoidTaskResult</c> for a <see cref="Task"/> or <see cref="ValueTask"/>); null for builders without that box.
    /// </summary>
    static Type? ResultOf(Type stateMachine)
    {
        var builder = stateMachine.GetField("<>t__builder", Any)?.FieldType;
        if (builder is null)
        {
            return null;
        }

        if (builder == typeof(AsyncTaskMethodBuilder) || builder == typeof(AsyncValueTaskMethodBuilder) || builder == typeof(AsyncVoidMethodBuilder))
        {
            return VoidResult;
        }

        return builder.IsGenericType && (builder.GetGenericTypeDefinition() == typeof(AsyncTaskMethodBuilder<>)
            || builder.GetGenericTypeDefinition() == typeof(AsyncValueTaskMethodBuilder<>))
            ? builder.GetGenericArguments()[0]
            : null;
    }

    static void Compile(MethodBase method)
    {
        // The instantiation is the declaring type's arguments, then the method's own.
        var arguments = (method.DeclaringType?.GetGenericArguments() ?? []).Concat(method.IsGenericMethod ? method.GetGenericArguments() : []);
        RuntimeHelpers.PrepareMethod(method.MethodHandle, [.. arguments.Select(t => t.TypeHandle)]);
    }
}
