using Prioritise.Grains.Security;

namespace Prioritise.Grains.Tests;

/// <summary>The memory of confirmed keys: it may save a grain call, never let a replaced key in.</summary>
public sealed class VerifiedKeysTests
{
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly byte[] AshKey = MemberKeys.Hash("ash.first-secret");
    private static readonly byte[] AshNewKey = MemberKeys.Hash("ash.second-secret");

    [Fact]
    public void A_confirmed_key_is_known_for_its_member_only_and_only_for_its_lifetime()
    {
        var time = new ManualTime();
        var keys = new VerifiedKeys(TimeSpan.FromSeconds(60), time);
        Assert.False(keys.IsKnown("ash", AshKey));

        keys.Remember("ash", AshKey, keys.Generation("ash"));
        Assert.True(keys.IsKnown("ash", AshKey));
        Assert.False(keys.IsKnown("birch", AshKey)); // the same key claimed for someone else
        Assert.False(keys.IsKnown("ash", AshNewKey));

        time.Now += TimeSpan.FromSeconds(59);
        Assert.True(keys.IsKnown("ash", AshKey));
        time.Now += TimeSpan.FromSeconds(1);
        Assert.False(keys.IsKnown("ash", AshKey));
    }

    [Fact]
    public void Replacing_a_key_forgets_it_and_a_confirmation_that_raced_the_replacement_is_not_remembered()
    {
        var keys = new VerifiedKeys(TimeSpan.FromMinutes(1), new ManualTime());
        keys.Remember("ash", AshKey, keys.Generation("ash"));
        keys.Remember("birch", MemberKeys.Hash("birch.secret"), keys.Generation("birch"));

        keys.Forget("ash");
        Assert.False(keys.IsKnown("ash", AshKey));
        Assert.True(keys.IsKnown("birch", MemberKeys.Hash("birch.secret")));

        // A request read the generation, asked the grain (old key: yes), and the key was replaced
        // before it came back: what it learnt is stale and must not be kept.
        var before = keys.Generation("ash");
        keys.Forget("ash");
        keys.Remember("ash", AshKey, before);
        Assert.False(keys.IsKnown("ash", AshKey));

        // The new key, confirmed after the replacement, is kept.
        keys.Remember("ash", AshNewKey, keys.Generation("ash"));
        Assert.True(keys.IsKnown("ash", AshNewKey));
    }

    [Fact]
    public void Switched_off_for_a_cluster_it_remembers_nothing()
    {
        var keys = VerifiedKeys.Off();
        keys.Remember("ash", AshKey, keys.Generation("ash"));
        Assert.False(keys.Enabled);
        Assert.False(keys.IsKnown("ash", AshKey));
    }
}
