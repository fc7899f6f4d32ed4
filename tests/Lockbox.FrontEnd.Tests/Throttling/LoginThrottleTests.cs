// SPDX-License-Identifier: MIT
using System.Net;
using Lockbox.FrontEnd.Throttling;

namespace Lockbox.FrontEnd.Tests.Throttling;

public sealed class LoginThrottleTests
{
    static readonly IPAddress Client = IPAddress.Parse("198.51.100.7");

    static LoginThrottleOptions Options() => new()
    {
        UserFailuresBeforeDelay = 3,
        AddressFailuresBeforeDelay = 10,
        BaseDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(60),
        Window = TimeSpan.FromMinutes(15),
        MaxEntries = 100,
    };

    [Fact]
    public void Failures_up_to_the_threshold_cost_nothing_and_the_next_one_locks_out_for_the_base_delay()
    {
        var time = new ManualTime();
        var throttle = new LoginThrottle(Options(), time);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice@example.org", Client));
            throttle.Failed("alice@example.org", Client);
        }

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice@example.org", Client));
        throttle.Failed("alice@example.org", Client);

        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("alice@example.org", Client));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice@example.org", Client));
    }

    [Fact]
    public void Each_further_failure_doubles_the_lockout_up_to_the_cap()
    {
        var time = new ManualTime();
        var throttle = new LoginThrottle(Options(), time);
        var lockouts = new List<double>();

        for (var i = 0; i < 10; i++)
        {
            throttle.Failed("alice@example.org", null);
            lockouts.Add(throttle.RetryAfter("alice@example.org", null).TotalSeconds);
        }

        Assert.Equal([0, 0, 0, 2, 4, 8, 16, 32, 60, 60], lockouts);
    }

    [Fact]
    public void Unknown_and_existing_user_names_are_throttled_alike_and_case_does_not_matter()
    {
        var throttle = new LoginThrottle(Options(), new ManualTime());

        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("Nobody@Example.org", null);
        }

        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("nobody@example.ORG", null));
    }

    [Fact]
    public void One_address_guessing_many_users_is_locked_out_past_its_own_threshold()
    {
        var throttle = new LoginThrottle(Options(), new ManualTime());

        for (var i = 0; i < 11; i++)
        {
            throttle.Failed("user" + i + "@example.org", Client);
        }

        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("someone-else@example.org", Client));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("someone-else@example.org", IPAddress.Parse("198.51.100.8")));
    }

    [Fact]
    public void Addresses_of_one_IPv6_slash_64_count_together()
    {
        var throttle = new LoginThrottle(Options(), new ManualTime());

        for (var i = 0; i < 11; i++)
        {
            throttle.Failed("user" + i + "@example.org", IPAddress.Parse("2001:db8:1:2::" + (i + 1).ToString("x", System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.NotEqual(TimeSpan.Zero, throttle.RetryAfter("x@example.org", IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("x@example.org", IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void Success_clears_the_user_but_not_the_address()
    {
        var options = Options();
        options.AddressFailuresBeforeDelay = 3;
        var throttle = new LoginThrottle(options, new ManualTime());
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("alice@example.org", Client);
        }

        throttle.Succeeded("alice@example.org");

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice@example.org", null));
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.RetryAfter("alice@example.org", Client));
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten()
    {
        var time = new ManualTime();
        var throttle = new LoginThrottle(Options(), time);
        for (var i = 0; i < 3; i++)
        {
            throttle.Failed("alice@example.org", null);
        }

        time.Advance(TimeSpan.FromMinutes(16));
        throttle.Failed("alice@example.org", null);

        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("alice@example.org", null));
    }

    [Fact]
    public void The_table_never_grows_past_its_bound_however_many_names_are_tried()
    {
        var time = new ManualTime();
        var throttle = new LoginThrottle(Options(), time);

        for (var i = 0; i < 5000; i++)
        {
            throttle.Failed(new string('x', 1000) + i, IPAddress.Parse("203.0.113." + (i % 250)));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(throttle.Count <= 100, $"{throttle.Count} entries");
    }
}
