using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Prioritise.Reliability.Tests.Support;

namespace Prioritise.Reliability.Tests;

/// <summary>
/// Keys: stored only as SHA-256 hashes, compared in constant time, never written to the logs.
/// (Guessing is throttled with 429: Prioritise.Api.Tests.KeyThrottleTests.)
/// </summary>
[Collection(OwnSiloCollection.Name)]
public sealed partial class KeyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Keys_are_stored_only_as_hashes_nowhere_in_the_data_folder_or_a_backup()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);

        var ids = Enumerable.Range(1, 5).Select(i => TestIds.New($"keyed{i}")).ToArray();
        var keys = (await Members.Create(api, ids)).Values.ToList();
        // A reissued key replaces the first one; both the old and the new must be absent.
        var reissued = await api.Post($"/api/members/{ids[0]}/key", api.AdminKey);
        reissued.Is(HttpStatusCode.OK);
        keys.Add((string)reissued.Json["apiKey"]!);
        foreach (var key in keys.Skip(1)) (await api.Get("/api/rounds", key)).Is(HttpStatusCode.OK);
        (await api.Post("/api/backups", api.AdminKey)).Is(HttpStatusCode.Created);

        // The store is read while the silo runs (the -wal file holds recent writes), and again
        // after a kill, when nothing is in memory any more.
        foreach (var phase in new[] { "running", "killed" })
        {
            if (phase == "killed") silo.Stop();
            var files = Directory.EnumerateFiles(silo.DataPath, "*", SearchOption.AllDirectories).ToList();
            Assert.Contains(files, f => f.EndsWith("prioritise.db", StringComparison.Ordinal));
            Assert.Contains(files, f => f.Contains($"{Path.DirectorySeparatorChar}backups{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
            var everything = files.Select(f => (File: f, Bytes: File.ReadAllBytes(f))).ToList();
            foreach (var key in keys.Append(silo.AdminKey))
            {
                var secret = key[(key.IndexOf('.') + 1)..];
                foreach (var (file, bytes) in everything)
                foreach (var (form, needle) in Forms(key).Concat(Forms(secret)))
                    Assert.False(Contains(bytes, needle), $"{phase}: {file} holds a key in plain text ({form})");
            }
            // What is there instead: the SHA-256 of each current key, in the store or its log.
            foreach (var key in keys.Skip(1))
                Assert.True(everything.Any(f => Contains(f.Bytes, SHA256.HashData(Encoding.UTF8.GetBytes(key)))),
                    $"{phase}: the hash of a member's key is not in the data folder");
            output.WriteLine($"{phase}: {files.Count} files, {everything.Sum(f => f.Bytes.Length)} bytes searched for {keys.Count + 1} keys");
        }
    }

    [Fact]
    public async Task Keys_good_and_bad_never_reach_the_log_even_at_trace_level()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Orleans", "Polly", "System" })
            silo.ExtraEnvironment[$"Logging__LogLevel__{category}"] = "Trace";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);

        var ids = Enumerable.Range(1, 3).Select(i => TestIds.New($"logged{i}")).ToArray();
        var keys = (await Members.Create(api, ids)).ToDictionary();
        var round = TestIds.New("logged");
        await api.CreateRound(round);
        await api.Appoint(round, ids[0], "scorer");
        await api.AddBid(round, "b", 1000m);
        await api.OpenScoring(round);
        await api.Submit(round, "b", ids[0], keys[ids[0]], 5, 5);
        var reissued = (string)(await api.Post($"/api/members/{ids[2]}/key", api.AdminKey)).Json["apiKey"]!;

        // Bad keys: a wrong secret for a real member, a key for nobody, a near miss of the admin key.
        var bad = new List<string>
        {
            $"{ids[1]}.{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}",
            $"nobody.{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}",
            silo.AdminKey + "x",
            keys[ids[2]], // replaced by the reissue: no longer good
        };
        var good = new[] { keys[ids[0]], keys[ids[1]], reissued, silo.AdminKey };
        foreach (var key in good)
            (await api.Get("/api/rounds", key)).Is(HttpStatusCode.OK);
        foreach (var key in bad)
            (await api.Get("/api/rounds", key)).Problem(HttpStatusCode.Unauthorized);
        // The sign-in page too, with good and bad keys.
        foreach (var key in new[] { keys[ids[0]], bad[0], silo.AdminKey, bad[2] })
            await SignIn(silo.BaseAddress, key);

        // Stop the process so that everything it wrote is in the captured output.
        silo.Stop();
        var log = silo.Output;
        Assert.True(log.Length > 10_000 && log.Contains("trce:", StringComparison.Ordinal),
            $"the silo did not log at trace level ({log.Length} characters)");
        // The requests with keys were logged (so a key in a header or a form would have shown).
        Assert.Contains("Request starting", log);
        Assert.Contains("/sign-in", log);
        Assert.Contains("Bearer was not authenticated", log);
        foreach (var key in good.Concat(bad))
        {
            var secret = key[(key.IndexOf('.') + 1)..];
            Assert.False(log.Contains(key, StringComparison.Ordinal), $"a key is in the log: {Around(log, key)}");
            if (secret.Length >= 16)
                Assert.False(log.Contains(secret, StringComparison.Ordinal), $"a key's secret is in the log: {Around(log, secret)}");
        }
        output.WriteLine($"{log.Length} characters of trace-level log, {log.Split('\n').Length} lines, no key in them");
    }

    [Fact]
    public void Keys_are_compared_in_constant_time()
    {
        // The comparisons docs/security.md cites; this guards them against a later edit.
        var root = SiloProcess.FindRepoRoot();
        var memberGrain = File.ReadAllText(Path.Combine(root, "src/Prioritise.Grains/Members/MemberGrain.cs"));
        var memberKeys = File.ReadAllText(Path.Combine(root, "src/Prioritise.Grains.Abstractions/Security/MemberKeys.cs"));
        var adminKey = File.ReadAllText(Path.Combine(root, "silo/Hosting/AdminKey.cs"));
        Assert.Matches(VerifyKeyPattern(), memberGrain);
        // (issue 14) VerifyKey and CheckKey both compare through KeyMatches.
        Assert.Contains("IMemberGrain.VerifyKey(byte[] keyHash) => Task.FromResult(KeyMatches(keyHash))", memberGrain);
        Assert.Contains("KeyMatches(keyHash) ? new KeyCheck(true", memberGrain);
        Assert.Contains("CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash)", memberKeys);
        Assert.Contains("MemberKeys.SameKey(presented, _hash)", adminKey);
        Assert.Contains("CryptographicOperations.FixedTimeEquals(hash, _hash)", adminKey);
        foreach (var source in new[] { memberGrain, memberKeys, adminKey })
            Assert.DoesNotMatch(NaiveComparison(), source);
    }

    [GeneratedRegex(@"KeyMatches\(byte\[\] keyHash\)[^;]*CryptographicOperations\.FixedTimeEquals\(store\.State\.KeyHash, keyHash\)", RegexOptions.Singleline)]
    private static partial Regex VerifyKeyPattern();

    [GeneratedRegex(@"(KeyHash|_hash|keyHash)\s*(==|\.SequenceEqual|\.Equals)")]
    private static partial Regex NaiveComparison();

    private static IEnumerable<(string Form, byte[] Bytes)> Forms(string text)
    {
        yield return ("UTF-8", Encoding.UTF8.GetBytes(text));
        yield return ("UTF-16", Encoding.Unicode.GetBytes(text));
        yield return ("base64 of UTF-8", Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(text))));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static string Around(string log, string needle)
    {
        var at = log.IndexOf(needle, StringComparison.Ordinal);
        return log.Substring(Math.Max(0, at - 300), Math.Min(log.Length - Math.Max(0, at - 300), 600 + needle.Length));
    }

    private static async Task SignIn(Uri baseAddress, string key)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var page = await (await http.GetAsync("/sign-in")).Content.ReadAsStringAsync();
        var token = TokenPattern().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new Xunit.Sdk.XunitException("no anti-forgery token on /sign-in");
        using var response = await http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Key"] = key,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"sign-in answered {(int)response.StatusCode}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
