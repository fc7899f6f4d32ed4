// SPDX-License-Identifier: MIT
using Lockbox.Crypto.Protection;

namespace Lockbox.Crypto.Tests.Protection;

public sealed class Argon2SettingsTests
{
    [Theory]
    [InlineData(64 * 1024 - 1, 3, 4)]
    [InlineData(32 * 1024, 3, 4)]
    [InlineData(64 * 1024, 2, 4)]
    [InlineData(64 * 1024, 3, 3)]
    [InlineData(64 * 1024, 3, 1)]
    [InlineData(0, 0, 0)]
    public void Settings_below_the_floors_are_rejected(int memoryKiB, int iterations, int parallelism)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2Settings(memoryKiB, iterations, parallelism));
    }

    [Theory]
    [InlineData(1024 * 1024 + 1, 3, 4)]
    [InlineData(int.MaxValue, 3, 4)]
    [InlineData(64 * 1024, 17, 4)]
    [InlineData(64 * 1024, 3, 17)]
    public void Settings_above_the_ceilings_are_rejected(int memoryKiB, int iterations, int parallelism)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2Settings(memoryKiB, iterations, parallelism));
    }

    [Fact]
    public void Default_is_64_MiB_three_passes_four_lanes()
    {
        Assert.Equal(new Argon2Settings(65536, 3, 4), Argon2Settings.Default);
    }

    [Fact]
    public void Settings_may_be_raised_above_the_floors()
    {
        var raised = new Argon2Settings(256 * 1024, 4, 8);

        Assert.Equal((256 * 1024, 4, 8), (raised.MemoryKiB, raised.Iterations, raised.Parallelism));
    }
}
