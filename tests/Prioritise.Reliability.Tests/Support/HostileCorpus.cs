using System.Text;

namespace Prioritise.Reliability.Tests.Support;

/// <summary>One hostile request, sent byte for byte as described.</summary>
/// <param name="Path">Relative, already percent-encoded as it should go on the wire.</param>
/// <param name="ContentType">Sent as is (null: no Content-Type); only when there is a body.</param>
/// <param name="Transport">
/// Refused by Kestrel itself before any application code runs (a NUL in the decoded path, more than
/// 100 request headers): a bare 400 or 431 with no body, which the application cannot shape into
/// problem details. Still never a 5xx.
/// </param>
public sealed record HostileCase(
    string Family, string Name, string Method, string Path, string? Key,
    byte[]? Body = null, string? ContentType = "application/json",
    IReadOnlyList<(string Name, string Value)>? Headers = null, bool Chunked = false, bool Transport = false)
{
    public override string ToString() => $"[{Family}] {Name}: {Method} {(Path.Length > 120 ? Path[..120] + "..." : Path)}";
}

/// <summary>The ids and keys of the rounds the corpus aims at (see HostileInputTests).</summary>
public sealed record HostileTargets(
    string AdminKey, string ScorerId, string ScorerKey, string ChairKey, string FinanceKey,
    string Scoring, string Moderation, string Confirmed, long ModerationVersion);

/// <summary>
/// Generates the corpus: wrong JSON types, huge numbers, deep JSON, long strings, unicode tricks
/// (bidi overrides, lone surrogates, control characters, homoglyphs, overlong UTF-8), path
/// traversal in ids, header abuse, oversize bodies and wrong content types, over every route.
///
/// Every request must be refused (or, for GET, be a harmless read). Where a route would accept a
/// body that happens to be valid, the request is aimed so that it is refused after validation
/// anyway (an existing id: 409; a round in the wrong state: 409; a moderation over the cap, so
/// finance cannot confirm without accepting: 409). Routes without such a backstop (score sheets,
/// moderation actions, cap revisions) get only values that are invalid for their field.
/// </summary>
public static class HostileCorpus
{
    private enum Kind { Id, RequiredText, OptionalText, Money, Score, Integer, Double, Bool, Enum, Array, Object }

    private sealed record Field(string Name, Kind Kind, string Default);

    /// <param name="Backstop">True when a valid body is refused anyway (see the class remarks).</param>
    private sealed record Template(string Route, string Method, string Path, string Key, string Text, Field[] Fields, bool Backstop)
    {
        public string Fill(string? field = null, string? value = null) =>
            Fields.Aggregate(Text, (text, f) => text.Replace($"«{f.Name}»", f.Name == field ? value! : f.Default));
    }

    // ---- hostile values, as JSON tokens (written exactly, so NaN and bad escapes go on the wire)

    private static string Str(string raw) => "\"" + raw + "\"";
    private static readonly string Long5k = Str(new string('x', 5_000));
    private static readonly string Long100k = Str(new string('y', 100_000));

    private static readonly string[] WrongForString = ["123", "true", "[]", "{}", "[\"a\"]", "{\"a\":1}", "1e400"];
    private static readonly string[] WrongForNumber = ["\"1\"", "\"NaN\"", "NaN", "Infinity", "-Infinity", "true", "[]", "{}", "\"1e400\"", "1e400", "-1e400", "79228162514264337593543950336"];

    /// <summary>Texts no text field accepts: bidi controls, lone surrogates, control characters, over 4000 characters.</summary>
    private static readonly string[] BadText =
    [
        Str("\\u202Eevil"), Str("\u202Eraw override"), Str("\\u2066isolate\\u2069"), Str("\\u2067x"), Str("\\u202D"),
        Str("\\ud800"), Str("x\\udc00y"), Str("a\\u0000b"), Str("\\u001b[31mred"), Str("\\u0007"), Str("a\\u0085b"), Str("\\u009b2J"),
        Long5k, Long100k,
    ];

    private static readonly string[] BadId =
    [
        Str(""), Str(" "), Str("a b"), Str("../../etc/passwd"), Str("..\\\\..\\\\windows"), Str("%2e%2e%2f"), Str(new string('a', 65)),
        Str("\\u202Eabc"), Str("\\ud800"), Str("\u0430dmin"), Str("\uFF41\uFF42"), Str("a\\u0000b"), Str("<x>"), Str("a.b"),
        Str("\U0001F4A9"), Str("\u212A"), Str("\u017F"), Str("\u0130"), Str("x/y"),
    ];

    private static IEnumerable<string> Values(Kind kind) => kind switch
    {
        Kind.Id => BadId.Concat(WrongForString),
        Kind.RequiredText => BadText.Concat(WrongForString).Concat([Str(""), Str("   "), "null", Str("\\t\\n")]),
        Kind.OptionalText => BadText.Concat(WrongForString),
        Kind.Money => WrongForNumber.Concat(["0", "-1", "-0.01", "0.001", "1000.999", "1000000000000.01", "79228162514264337593543950335", "1e-400", "null"]),
        Kind.Score => WrongForNumber.Concat(["0", "11", "-1", "7.5", "1e1", "-0", "2147483648", "-2147483649", "99999999999999999999", "null", "08"]),
        Kind.Integer => WrongForNumber.Concat(["2147483648", "-2147483649", "9223372036854775808", "1.5", "null", "-1"]),
        Kind.Double => WrongForNumber.Concat(["-1", "1e308", "-0", "null"]),
        Kind.Bool => ["\"true\"", "\"false\"", "1", "0", "\"yes\"", "[]", "{}", "null", "tru", "True"],
        Kind.Enum => ["\"boss\"", "\"\"", "1", "0", "\"\\u202Echair\"", "null", "true", "[]", "{}", "\"scorer\\u0000\"", Long5k],
        Kind.Array => ["\"x\"", "1", "{}", "true", "[[[[[]]]]]", "[null]", "[1,2,3]", "[" + string.Join(",", Enumerable.Repeat("null", 10_000)) + "]"],
        Kind.Object => ["\"x\"", "1", "[]", "true", "{\"bogus\":5}", "{\"\\ud800\":5}", "{\"" + new string('k', 10_000) + "\":5}"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly string[] BadPathSegments =
    [
        "..%2F..", "..%2F..%2F..%2Fetc%2Fpasswd", "%2E%2E%2F%2E%2E", "..%5C..%5Cwindows", "%252e%252e%252f", "..", ".",
        "%00", "a%00b", "%0D%0AX-Injected:%201", "a%20b", "%20", "%09", new string('a', 65), new string('b', 2_000),
        "%E2%80%AEabc", "%E2%81%A6x%E2%81%A9", "%ED%A0%80", "%F0%9F%92%A9", "%D0%B0dmin", "%EF%BC%A1%EF%BC%A2", "%C0%AE%C0%AE",
        "%FF%FE", "%25", "*", "%27%20OR%20%271%27%3D%271", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "a;b=c", "~root", "%7B%7D",
        "CON", "-",
    ];

    public static IReadOnlyList<HostileCase> Generate(HostileTargets t)
    {
        var cases = new List<HostileCase>();
        var templates = Templates(t);

        // 1. One field at a time, replaced by a hostile value of its kind.
        foreach (var template in templates)
        foreach (var field in template.Fields)
        foreach (var value in Values(field.Kind))
            cases.Add(new HostileCase("field", $"{template.Route}: {field.Name} = {Short(value)}", template.Method, template.Path, template.Key,
                Utf8(template.Fill(field.Name, value))));

        // 2. The whole body.
        foreach (var template in templates.DistinctBy(x => x.Route))
        {
            var valid = template.Fill();
            var bodies = new List<(string, byte[])>
            {
                ("empty", []), ("null", Utf8("null")), ("whitespace", Utf8(" \n\t ")), ("truncated", Utf8(valid[..(valid.Length / 2)])),
                ("open brace", Utf8("{")), ("extra brace", Utf8(valid + "}")), ("two documents", Utf8(valid + valid)),
                ("trailing comma", Utf8(valid[..^1] + ",}")), ("single quotes", Utf8(valid.Replace('"', '\''))),
                ("comment", Utf8("/* c */" + valid)), ("trailing garbage", Utf8(valid + "x")),
                ("array", Utf8("[]")), ("array of the body", Utf8("[" + valid + "]")), ("string", Utf8("\"body\"")), ("number", Utf8("42")),
                ("true", Utf8("true")), ("NaN", Utf8("NaN")), ("proto", Utf8("{\"__proto__\":{\"isAdmin\":true},\"constructor\":{\"prototype\":{}}}")),
                ("duplicate properties", Utf8("{" + valid[1..^1] + "," + valid[1..^1] + "}")),
                ("deep array 40", Utf8(new string('[', 40) + new string(']', 40))),
                ("deep array 10000", Utf8(new string('[', 10_000) + new string(']', 10_000))),
                ("deep object 40", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 40)) + "1" + new string('}', 40))),
                ("deep object 5000", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000))),
                ("deep inside a field", Utf8(valid[..^1] + ",\"deep\":" + new string('[', 2_000) + new string(']', 2_000) + "}")),
                ("invalid UTF-8 in a field", InvalidUtf8(template)),
                ("UTF-16 without saying so", Encoding.Unicode.GetBytes(valid)),
                ("50,000 properties", Utf8("{" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"p{i}\":{i}")) + "}")),
                ("900 KB string", Utf8("{\"pad\":\"" + new string('z', 900_000) + "\"}")),
                ("over 1 MiB", Utf8(valid[..^1] + ",\"pad\":\"" + new string('z', 1_100_000) + "\"}")),
                ("NUL bytes", [0, 0, 0, 0]),
            };
            if (template.Backstop) bodies.Add(("BOM then the body", [0xEF, 0xBB, 0xBF, .. Utf8(valid)]));
            foreach (var (name, body) in bodies)
                cases.Add(new HostileCase("body", $"{template.Route}: {name}", template.Method, template.Path, template.Key, body));
            // Chunked, the server learns the size only as it reads: just over the limit, so little is
            // still on the way when it refuses.
            cases.Add(new HostileCase("body", $"{template.Route}: over 1 MiB, chunked", template.Method, template.Path, template.Key,
                Utf8(valid[..^1] + ",\"pad\":\"" + new string('z', 1024 * 1024 + 10) + "\"}"), Chunked: true));

            // 3. The valid body under a content type that is not JSON (or a charset nobody can decode).
            foreach (var type in new string?[]
                     {
                         null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                         "application/jsonx", "json", ";;;", "application/json; charset=utf-7", "application/json; charset=bogus",
                         "application/json; charset=\"\"", "text/html; charset=utf-8",
                     })
                cases.Add(new HostileCase("content type", $"{template.Route}: {type ?? "(none)"}", template.Method, template.Path, template.Key,
                    Utf8(valid), type));
            if (template.Backstop)
                cases.Add(new HostileCase("content type", $"{template.Route}: UTF-8 bytes said to be UTF-16", template.Method, template.Path,
                    template.Key, Utf8(valid), "application/json; charset=utf-16"));
        }

        // 4. Hostile ids in every path parameter of every route (valid bodies where there is one).
        foreach (var (method, path, key, body) in PathRoutes(t))
        foreach (var parameter in ParametersOf(path))
        foreach (var segment in BadPathSegments)
        {
            var filled = path.Replace(parameter, segment);
            foreach (var other in ParametersOf(filled)) filled = filled.Replace(other, Default(other, t));
            cases.Add(new HostileCase("path", $"{method} {path}: {parameter} = {Short(segment)}", method, filled, key,
                body is null ? null : Utf8(body), Transport: segment.Contains("%00", StringComparison.Ordinal)));
        }
        foreach (var query in new[] { "abc", "-1", "0", "99999999999", "1e3", "%00", "1&decision=2", "%E2%80%AE1", new string('9', 3_000), "" })
        foreach (var report in new[] { "csv", "md", "xlsx" })
            cases.Add(new HostileCase("query", $"report.{report}?decision={Short(query)}", "GET", $"/api/rounds/{t.Confirmed}/report.{report}?decision={query}", t.FinanceKey));

        // 5. Header abuse.
        cases.AddRange(HeaderCases(t));

        // 6. Methods no route has.
        foreach (var (method, path, key, _) in PathRoutes(t).DistinctBy(r => r.Path))
        {
            var filled = Fill(path, t);
            foreach (var wrong in new[] { "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "PUT", "POST" }.Where(m => m != method && !(m == "HEAD" && method == "GET")))
                if (!HasRoute(wrong, path))
                    cases.Add(new HostileCase("method", $"{wrong} {path}", wrong, filled, key));
        }

        // 7. The pages and the open routes (no 5xx; they are not /api, so not problem details).
        foreach (var segment in BadPathSegments.Take(20))
        {
            cases.Add(new HostileCase("pages", $"GET /rounds/{Short(segment)}", "GET", $"/rounds/{segment}", null));
            cases.Add(new HostileCase("pages", $"GET /rounds/r/bids/{Short(segment)}/sheet", "GET", $"/rounds/{t.Scoring}/bids/{segment}/sheet", null));
        }
        foreach (var returnUrl in new[] { "//evil.example", "https://evil.example/", "javascript:alert(1)", "%2F%2Fevil.example", "/%09/evil.example", "\\\\evil.example" })
            cases.Add(new HostileCase("pages", $"GET /sign-in?ReturnUrl={returnUrl}", "GET", $"/sign-in?ReturnUrl={returnUrl}", null));
        foreach (var (name, form) in new[]
                 {
                     ("no token", "Key=x"), ("huge key", "Key=" + new string('k', 200_000)), ("bidi key", "Key=%E2%80%AE"), ("lone surrogate", "Key=%ED%A0%80"),
                     ("many fields", string.Join("&", Enumerable.Range(0, 5_000).Select(i => $"f{i}=v"))), ("garbage", "%%%=&&=%"),
                 })
            cases.Add(new HostileCase("pages", $"POST /sign-in: {name}", "POST", "/sign-in", null, Utf8(form), "application/x-www-form-urlencoded"));
        foreach (var path in new[] { "/health?x=%00", "/openapi/v1.json?x=%ED%A0%80", "/openapi/..%2F..%2Fappsettings.json", "/site.css/..%2F..%2FPrioritise.Silo.dll",
                     "/..%2F..%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/appsettings.json", "/Prioritise.Silo.dll", "/data/prioritise.db", "/keys" })
            cases.Add(new HostileCase("pages", $"GET {path}", "GET", path, null));

        return cases;
    }

    private static IEnumerable<HostileCase> HeaderCases(HostileTargets t)
    {
        // Reads and refusals only: with a good key these requests change nothing.
        (string Method, string Path, string? Body)[] targets =
        [
            ("GET", $"/api/rounds/{t.Scoring}", null),
            ("GET", $"/api/rounds/{t.Scoring}/results", null),
            ("POST", $"/api/rounds/{t.Moderation}/close-scoring", null),
            ("POST", "/api/members/no-such-member/key", null),
            ("GET", "/api/backups", null),
        ];
        var authorizations = new (string Name, string[] Values)[]
        {
            ("scheme only", ["Bearer"]), ("empty key", ["Bearer "]), ("lowercase scheme", ["bearer " + t.AdminKey]), ("padded key", ["Bearer   " + t.AdminKey + "   "]),
            ("basic", ["Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + t.AdminKey))]), ("600 characters", ["Bearer " + new string('a', 600)]),
            ("20,000 characters", ["Bearer " + new string('a', 20_000)]), ("empty secret", [$"Bearer {t.ScorerId}."]), ("dots", ["Bearer .."]),
            ("traversal", ["Bearer ../../etc/passwd"]), ("bidi", ["Bearer \u202E" + t.AdminKey]), ("member key uppercased", ["Bearer " + t.ScorerKey.ToUpperInvariant()]),
            ("two headers", ["Bearer " + t.AdminKey, "Bearer wrong"]), ("comma joined", ["Bearer wrong, Bearer " + t.AdminKey]), ("negotiate", ["Negotiate abc"]),
            ("homoglyph admin id", ["Bearer \u0430dmin.secret"]), ("percent-encoded", ["Bearer " + Uri.EscapeDataString(t.AdminKey)]), ("tab", ["Bearer\t" + t.AdminKey]),
        };
        foreach (var (method, path, body) in targets)
        {
            foreach (var (name, values) in authorizations)
                yield return new HostileCase("header", $"{method} {path}: Authorization {name}", method, path, null,
                    Headers: values.Select(v => ("Authorization", v)).ToList());
            foreach (var (name, header) in new (string, (string, string))[]
                     {
                         ("session cookie on the API", ("Cookie", "prioritise-session=CfDJ8garbage")), ("8 KB cookie", ("Cookie", "a=" + new string('c', 8_000))),
                         ("evil host", ("Host", "evil.example")), ("forwarded for", ("X-Forwarded-For", "10.0.0.1, 127.0.0.1")),
                         ("method override", ("X-HTTP-Method-Override", "DELETE")), ("original url", ("X-Original-URL", "/api/backups")),
                         ("rewrite url", ("X-Rewrite-URL", "/api/members")), ("origin", ("Origin", "https://evil.example")),
                         ("range", ("Range", "bytes=0-1,-1")), ("if-none-match", ("If-None-Match", "\"\u202E\"")), ("utf-8 header", ("X-Name", "caf\u00e9 \u202E")),
                     })
                yield return new HostileCase("header", $"{method} {path}: {name}", method, path, t.AdminKey, Headers: [header]);
            yield return new HostileCase("header", $"{method} {path}: 90 headers", method, path, t.AdminKey,
                Headers: Enumerable.Range(0, 90).Select(i => ($"X-H{i}", new string('h', 100))).ToList());
            yield return new HostileCase("header", $"{method} {path}: 200 headers", method, path, t.AdminKey,
                Headers: Enumerable.Range(0, 200).Select(i => ($"X-H{i}", new string('h', 50))).ToList(), Transport: true);
        }

        // Accept headers that exclude JSON, on answers that are refusals of every kind.
        (string Name, string Method, string Path, string? Key, byte[]? Body, string? Type)[] refusals =
        [
            ("401", "GET", "/api/rounds", null, null, null),
            ("403", "GET", $"/api/rounds/{t.Scoring}/audit", t.ScorerKey, null, null),
            ("404", "GET", "/api/rounds/no-such-round", t.AdminKey, null, null),
            ("404 route", "GET", "/api/no/such/route", t.AdminKey, null, null),
            ("405", "DELETE", "/api/rounds", t.AdminKey, null, null),
            ("409", "POST", $"/api/rounds/{t.Moderation}/close-scoring", t.AdminKey, null, null),
            ("400", "POST", "/api/rounds", t.AdminKey, Utf8("{"), "application/json"),
            ("413", "POST", "/api/rounds", t.AdminKey, Utf8(Str(new string('x', 1_100_000))), "application/json"),
            ("415", "POST", "/api/rounds", t.AdminKey, Utf8("{}"), "text/plain"),
        ];
        foreach (var accept in new[] { "text/html", "application/xml", "image/png", "*/*;q=0", "garbage/", "text/html,application/xhtml+xml", "application/json;q=0, text/plain", new string('a', 4_000) })
        foreach (var (name, method, path, key, body, type) in refusals)
            yield return new HostileCase("accept", $"{name} with Accept {Short(accept)}", method, path, key, body, type, [("Accept", accept)]);

        // Idempotency-Key abuse, on an action that is refused anyway (a stale expectedVersion).
        var action = Utf8($$"""{"type":"condition","bidId":"ma","text":"T","reason":"R","expectedVersion":-5}""");
        foreach (var key in new[] { "", new string('k', 201), new string('k', 10_000), "\u202Ekey", "\u0007", "k\u00e9y", "\t", "../../etc" })
            yield return new HostileCase("header", $"Idempotency-Key {Short(key)}", "POST", $"/api/rounds/{t.Moderation}/moderation/actions", t.ChairKey,
                action, Headers: [("Idempotency-Key", key)]);
    }

    private static List<Template> Templates(HostileTargets t)
    {
        Field F(string name, Kind kind, string value) => new(name, kind, value);
        var m = t.Moderation;
        return
        [
            new("POST /api/members", "POST", "/api/members", t.AdminKey,
                """{"id":«id»,"name":«name»,"organisation":«organisation»,"interests":[{"organisation":«iorg»,"type":«itype»,"description":«idesc»}]}""",
                [F("id", Kind.Id, Str(t.ScorerId)), F("name", Kind.RequiredText, "\"N\""), F("organisation", Kind.RequiredText, "\"O\""),
                 F("iorg", Kind.RequiredText, "\"X\""), F("itype", Kind.Enum, "\"pecuniary\""), F("idesc", Kind.OptionalText, "\"d\"")], Backstop: true),
            new("POST /api/members", "POST", "/api/members", t.AdminKey,
                """{"id":«id»,"name":"N","organisation":"O","interests":«interests»}""",
                [F("id", Kind.Id, Str(t.ScorerId)), F("interests", Kind.Array, "[]")], Backstop: true),
            new("POST /api/rounds", "POST", "/api/rounds", t.AdminKey,
                """{"id":«id»,"name":«name»,"fundingCap":«cap»,"scale":{"min":«min»,"max":«max»},"criteria":[{"id":«cid»,"name":«cname»,"weight":«weight»}],"agreement":{"highBelow":«high»,"mediumBelow":«medium»},"fundingLinePolicy":«policy»}""",
                [F("id", Kind.Id, Str(t.Scoring)), F("name", Kind.RequiredText, "\"R\""), F("cap", Kind.Money, "1000"), F("min", Kind.Integer, "1"),
                 F("max", Kind.Integer, "10"), F("cid", Kind.Id, "\"a\""), F("cname", Kind.RequiredText, "\"A\""), F("weight", Kind.Money, "1"),
                 F("high", Kind.Double, "2.25"), F("medium", Kind.Double, "2.95"), F("policy", Kind.Enum, "\"stopAtFirstMiss\"")], Backstop: true),
            new("POST /api/rounds", "POST", "/api/rounds", t.AdminKey,
                """{"id":«id»,"name":"R","fundingCap":1000,"scale":«scale»,"criteria":«criteria»}""",
                [F("id", Kind.Id, Str(t.Scoring)), F("scale", Kind.Object, """{"min":1,"max":10}"""), F("criteria", Kind.Array, """[{"id":"a","name":"A","weight":1}]""")], Backstop: true),
            new("PUT /api/rounds/{r}/committee/{memberId}", "PUT", $"/api/rounds/{t.Confirmed}/committee/{t.ScorerId}", t.AdminKey,
                """{"roles":«roles»}""", [F("roles", Kind.Array, "[\"scorer\"]")], Backstop: true),
            new("PUT /api/rounds/{r}/committee/{memberId}", "PUT", $"/api/rounds/{t.Confirmed}/committee/{t.ScorerId}", t.AdminKey,
                """{"roles":[«role»]}""", [F("role", Kind.Enum, "\"scorer\"")], Backstop: true),
            new("POST /api/rounds/{r}/bids", "POST", $"/api/rounds/{m}/bids", t.AdminKey,
                """{"id":«id»,"title":«title»,"workstream":«ws»,"sponsoringOrganisation":«sponsor»,"recipientOrganisations":[«recipient»],"amountRequested":«amount»,"summary":«summary»}""",
                [F("id", Kind.Id, "\"nb\""), F("title", Kind.RequiredText, "\"T\""), F("ws", Kind.OptionalText, "\"W\""), F("sponsor", Kind.RequiredText, "\"S\""),
                 F("recipient", Kind.RequiredText, "\"R\""), F("amount", Kind.Money, "1000"), F("summary", Kind.OptionalText, "\"S\"")], Backstop: true),
            new("POST /api/rounds/{r}/conflicts", "POST", $"/api/rounds/{t.Confirmed}/conflicts", t.AdminKey,
                """{"memberId":«member»,"bidId":«bid»,"reason":«reason»}""",
                [F("member", Kind.Id, Str(t.ScorerId)), F("bid", Kind.Id, "\"ma\""), F("reason", Kind.RequiredText, "\"R\"")], Backstop: true),
            new("PUT /api/rounds/{r}/bids/{b}/sheets/{memberId}", "PUT", $"/api/rounds/{t.Scoring}/bids/b1/sheets/{t.ScorerId}", t.ScorerKey,
                """{"scores":{"impact":«impact»,"cost":«cost»},"comment":«comment»,"submit":«submit»}""",
                [F("impact", Kind.Score, "8"), F("cost", Kind.Score, "7"), F("comment", Kind.OptionalText, "\"c\""), F("submit", Kind.Bool, "true")], Backstop: false),
            new("PUT /api/rounds/{r}/bids/{b}/sheets/{memberId}", "PUT", $"/api/rounds/{t.Scoring}/bids/b1/sheets/{t.ScorerId}", t.ScorerKey,
                """{"scores":«scores»,"submit":true}""", [F("scores", Kind.Object, """{"impact":8,"cost":7}""")], Backstop: false),
            new("POST /api/rounds/{r}/moderation/actions", "POST", $"/api/rounds/{m}/moderation/actions", t.ChairKey,
                """{"type":«type»,"bidId":«bid»,"text":«text»,"reason":«reason»}""",
                [F("type", Kind.Enum, "\"condition\""), F("bid", Kind.Id, "\"ma\""), F("text", Kind.RequiredText, "\"T\""), F("reason", Kind.OptionalText, "\"R\"")], Backstop: false),
            new("POST /api/rounds/{r}/moderation/actions", "POST", $"/api/rounds/{m}/moderation/actions", t.ChairKey,
                """{"type":"award","bidId":"ma","amount":«amount»,"reason":«reason»}""",
                [F("amount", Kind.Money, "1000"), F("reason", Kind.RequiredText, "\"R\"")], Backstop: false),
            new("POST /api/rounds/{r}/moderation/actions", "POST", $"/api/rounds/{m}/moderation/actions", t.ChairKey,
                """{"type":"move","bidId":«bid»,"before":«before»,"reason":"R"}""",
                [F("bid", Kind.Id, "\"mb\""), F("before", Kind.Id, "\"ma\"")], Backstop: false),
            new("POST /api/rounds/{r}/moderation/actions", "POST", $"/api/rounds/{m}/moderation/actions", t.ChairKey,
                """{"type":"jointAward","bidIds":«ids»,"amount":1000,"reason":"R"}""",
                [F("ids", Kind.Array, """["ma","mb"]""")], Backstop: false),
            new("POST /api/rounds/{r}/moderation/actions", "POST", $"/api/rounds/{m}/moderation/actions", t.ChairKey,
                """{"type":"revert","actionId":«action»,"reason":"R"}""",
                [F("action", Kind.Id, "\"a1\"")], Backstop: false),
            new("POST /api/rounds/{r}/decisions", "POST", $"/api/rounds/{m}/decisions", t.FinanceKey,
                """{"acceptOverCommitment":«accept»,"reason":«reason»,"expectedVersion":«version»}""",
                [F("accept", Kind.Bool, "false"), F("reason", Kind.OptionalText, "\"R\""), F("version", Kind.Integer, t.ModerationVersion.ToString())], Backstop: true),
            new("POST /api/rounds/{r}/cap-revisions", "POST", $"/api/rounds/{m}/cap-revisions", t.FinanceKey,
                """{"fundingCap":«cap»,"reason":«reason»}""",
                [F("cap", Kind.Money, "50000"), F("reason", Kind.RequiredText, "\"R\"")], Backstop: false),
        ];
    }

    /// <summary>Every route with its parameters named, the key that may use it, and a valid body where it takes one.</summary>
    private static IEnumerable<(string Method, string Path, string Key, string? Body)> PathRoutes(HostileTargets t)
    {
        const string sheet = """{"scores":{"impact":8,"cost":7},"submit":true}""";
        yield return ("GET", "/api/members/{id}", t.AdminKey, null);
        yield return ("POST", "/api/members/{id}/key", t.AdminKey, null);
        yield return ("GET", "/api/rounds/{r}", t.AdminKey, null);
        yield return ("PUT", "/api/rounds/{r}/committee/{memberId}", t.AdminKey, """{"roles":["scorer"]}""");
        yield return ("GET", "/api/rounds/{r}/committee", t.AdminKey, null);
        yield return ("POST", "/api/rounds/{r}/bids", t.AdminKey, """{"title":"T","sponsoringOrganisation":"S","amountRequested":1000}""");
        yield return ("GET", "/api/rounds/{r}/bids", t.AdminKey, null);
        yield return ("POST", "/api/rounds/{r}/open-scoring", t.AdminKey, null);
        yield return ("POST", "/api/rounds/{r}/close-scoring", t.AdminKey, null);
        yield return ("POST", "/api/rounds/{r}/conflicts", t.AdminKey, """{"memberId":"x","bidId":"y","reason":"R"}""");
        yield return ("PUT", "/api/rounds/{r}/bids/{b}/sheets/{memberId}", t.ScorerKey, sheet);
        yield return ("GET", "/api/rounds/{r}/bids/{b}/sheets/{memberId}", t.ScorerKey, null);
        yield return ("GET", "/api/rounds/{r}/results", t.AdminKey, null);
        yield return ("GET", "/api/rounds/{r}/audit", t.AdminKey, null);
        yield return ("GET", "/api/rounds/{r}/moderation", t.AdminKey, null);
        yield return ("POST", "/api/rounds/{r}/moderation/actions", t.ChairKey, """{"type":"condition","bidId":"ma","text":"T"}""");
        yield return ("POST", "/api/rounds/{r}/decisions", t.FinanceKey, """{"acceptOverCommitment":false,"reason":"R"}""");
        yield return ("GET", "/api/rounds/{r}/decisions", t.AdminKey, null);
        yield return ("GET", "/api/rounds/{r}/decisions/{n}", t.AdminKey, null);
        yield return ("POST", "/api/rounds/{r}/cap-revisions", t.FinanceKey, """{"fundingCap":50000,"reason":"R"}""");
        yield return ("GET", "/api/rounds/{r}/report.csv", t.AdminKey, null);
        yield return ("GET", "/api/rounds/{r}/report.md", t.AdminKey, null);
        yield return ("GET", "/api/rounds/{r}/report.xlsx", t.AdminKey, null);
        yield return ("GET", "/api/rounds", t.AdminKey, null);
        yield return ("POST", "/api/rounds", t.AdminKey, null);
        yield return ("POST", "/api/members", t.AdminKey, null);
        yield return ("POST", "/api/backups", t.ScorerKey, null);
    }

    private static readonly HashSet<(string, string)> Routes =
    [
        ("GET", "/api/members/{id}"), ("POST", "/api/members/{id}/key"), ("GET", "/api/rounds/{r}"), ("PUT", "/api/rounds/{r}/committee/{memberId}"),
        ("GET", "/api/rounds/{r}/committee"), ("POST", "/api/rounds/{r}/bids"), ("GET", "/api/rounds/{r}/bids"), ("POST", "/api/rounds/{r}/open-scoring"),
        ("POST", "/api/rounds/{r}/close-scoring"), ("POST", "/api/rounds/{r}/conflicts"), ("PUT", "/api/rounds/{r}/bids/{b}/sheets/{memberId}"),
        ("GET", "/api/rounds/{r}/bids/{b}/sheets/{memberId}"), ("GET", "/api/rounds/{r}/results"), ("GET", "/api/rounds/{r}/audit"),
        ("GET", "/api/rounds/{r}/moderation"), ("POST", "/api/rounds/{r}/moderation/actions"), ("POST", "/api/rounds/{r}/decisions"),
        ("GET", "/api/rounds/{r}/decisions"), ("GET", "/api/rounds/{r}/decisions/{n}"), ("POST", "/api/rounds/{r}/cap-revisions"),
        ("GET", "/api/rounds/{r}/report.csv"), ("GET", "/api/rounds/{r}/report.md"), ("GET", "/api/rounds/{r}/report.xlsx"),
        ("GET", "/api/rounds"), ("POST", "/api/rounds"), ("POST", "/api/members"), ("POST", "/api/backups"),
    ];

    private static bool HasRoute(string method, string path) => Routes.Contains((method, path));

    private static IEnumerable<string> ParametersOf(string path) =>
        System.Text.RegularExpressions.Regex.Matches(path, @"\{[a-zA-Z]+\}").Select(m => m.Value).ToList();

    /// <summary>Harmless defaults for the other parameters: rounds where a valid request is refused anyway.</summary>
    private static string Default(string parameter, HostileTargets t) => parameter switch
    {
        "{r}" => t.Confirmed,
        "{b}" => "ma",
        "{memberId}" => t.ScorerId,
        "{id}" => "no-such-member",
        "{n}" => "1",
        _ => throw new ArgumentOutOfRangeException(nameof(parameter), parameter),
    };

    private static string Fill(string path, HostileTargets t) =>
        ParametersOf(path).Aggregate(path, (p, parameter) => p.Replace(parameter, Default(parameter, t)));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The body with bytes that are not UTF-8 (0xFF 0xFE, an overlong '/') inside its first text field.</summary>
    private static byte[] InvalidUtf8(Template template)
    {
        const string marker = "INVALID-UTF8-HERE";
        var field = template.Fields.FirstOrDefault(f => f.Kind is Kind.RequiredText or Kind.OptionalText or Kind.Id);
        var text = field is null ? "{\"x\":\"" + marker + "\"}" : template.Fill(field.Name, "\"" + marker + "\"");
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return [.. Utf8(text[..at]), 0xFF, 0xFE, 0xC0, 0xAF, .. Utf8(text[(at + marker.Length)..])];
    }

    private static string Short(string value) => value.Length > 40 ? $"{value[..20]}...({value.Length} chars)" : value;
}
