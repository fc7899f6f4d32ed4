// SPDX-License-Identifier: MIT
using Lockbox.Vault.Portal;
using Microsoft.Extensions.Hosting;

namespace Lockbox.Hosting;

/// <summary>
/// Ties Vault's background opt-in runner to <c>lockbox serve</c>'s lifetime (docs/decisions/0021): at start it resumes
/// every migration the store lists as unfinished (a crash, a shutdown, a failed run); at shutdown it stops them at their
/// next crash-safe step and waits for that within the host's shutdown timeout. The CLI never starts it, so
/// <c>user encrypt</c> runs only its own job.
/// </summary>
internal sealed class EncryptionResumer(EncryptionRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => runner.ResumeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => runner.StopAsync(cancellationToken);
}
