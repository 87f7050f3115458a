using System.Net;
using System.Net.Http.Headers;
using Prioritise.Grains.Rounds;

namespace Prioritise.Api.Tests;

/// <summary>GET .../analysis is limited per caller and per silo (429 with Retry-After past that) and cached per results version and options.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class AnalysisLimitTests
{
    private const string Path = "/api/rounds/pic-2018/analysis";

    [Fact]
    public async Task Four_analyses_at_once_from_one_caller_get_429_with_retry_after_past_the_callers_limit()
    {
        using var silo = new SiloProcess(seedOnEmpty: true);
        // One computation per caller and none waiting: the 2nd, 3rd and 4th at once are refused.
        silo.ExtraEnvironment["Prioritise__AnalysisPerCaller"] = "1";
        silo.ExtraEnvironment["Prioritise__AnalysisPerCallerQueue"] = "0";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);

        // Four different seeds, the largest number of draws: four real computations, none cached.
        var replies = await Task.WhenAll(Enumerable.Range(1, 4).Select(seed => Send(api, $"{Path}?draws=20000&seed={seed}")));
        Assert.All(replies, r => Assert.True(r.Status is HttpStatusCode.OK or (HttpStatusCode)429, $"got {(int)r.Status}"));
        Assert.Contains(replies, r => r.Status == HttpStatusCode.OK);
        var refused = replies.Where(r => r.Status == (HttpStatusCode)429).ToList();
        Assert.NotEmpty(refused);
        foreach (var r in refused)
        {
            Assert.Equal("application/problem+json", r.MediaType);
            Assert.Contains("\"status\":429", r.Body);
            Assert.True(r.RetryAfter is { TotalSeconds: > 0 }, "429 without Retry-After");
        }

        // Another caller is not held up by this one's refusals.
        var c = await Committee.Build(api);
        await api.CloseScoring(c.RoundId, c.ChairKey);
        (await api.Get($"/api/rounds/{c.RoundId}/analysis", c.ChairKey)).Is(HttpStatusCode.OK);

        // The same question again is the same answer (the cache itself, which no timing here
        // could prove, is AnalysisCacheTests'; performance is measured, not asserted in tests).
        var first = await Send(api, $"{Path}?draws=2000&seed=77");
        var second = await Send(api, $"{Path}?draws=2000&seed=77");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(first.Body, second.Body);
    }

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, TimeSpan? RetryAfter);

    private static async Task<Answer> Send(ApiClient api, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", api.AdminKey);
        using var response = await api.Http.SendAsync(request);
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(),
            response.Headers.RetryAfter?.Delta);
    }
}

/// <summary>The round grain's analysis cache on its own: keyed by results version and options, a failure not kept.</summary>
public sealed class AnalysisCacheTests
{
    [Fact]
    public async Task The_same_version_and_options_compute_once_a_new_version_or_other_options_compute_again()
    {
        var cache = new AnalysisCache<(int Draws, int Seed), string>(capacity: 2);
        var computed = 0;
        Task<string> Compute() => Task.FromResult($"analysis {++computed}");

        Assert.Equal("analysis 1", await cache.GetOrAdd(1, (2000, 1), Compute));
        Assert.Equal("analysis 1", await cache.GetOrAdd(1, (2000, 1), Compute));
        Assert.Equal("analysis 2", await cache.GetOrAdd(1, (2000, 2), Compute));
        Assert.Equal("analysis 1", await cache.GetOrAdd(1, (2000, 1), Compute));
        Assert.Equal(2, computed);

        // The results moved on: the old answers are gone.
        Assert.Equal("analysis 3", await cache.GetOrAdd(2, (2000, 1), Compute));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_computation_under_way_is_shared_and_a_failed_one_is_not_kept()
    {
        var cache = new AnalysisCache<int, string>();
        var running = new TaskCompletionSource<string>();
        var calls = 0;
        var a = cache.GetOrAdd(1, 7, () => { calls++; return running.Task; });
        var b = cache.GetOrAdd(1, 7, () => { calls++; return running.Task; });
        Assert.Same(a, b);
        running.SetResult("done");
        Assert.Equal("done", await b);
        Assert.Equal(1, calls);

        var failing = cache.GetOrAdd(1, 8, () => Task.FromException<string>(new InvalidOperationException("boom")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("again", await cache.GetOrAdd(1, 8, () => Task.FromResult("again")));
    }
}
