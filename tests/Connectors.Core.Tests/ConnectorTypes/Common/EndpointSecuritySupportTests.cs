using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Core.Tests.ConnectorTypes.Common;

public sealed class EndpointSecuritySupportTests
{
    private static readonly ConnectorValidationContext Context =
        new(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions())));

    [Theory]
    [InlineData("a b", "a+b")]
    [InlineData("a,b:c$[d]", "a,b:c$[d]")]
    [InlineData("x/y?z=1&w#", "x%2Fy%3Fz%3D1%26w%23")]
    [InlineData("it's (ok)!*~", "it's+(ok)!*~")]
    [InlineData("é", "%C3%A9")]
    public void AxiosEncode_AsAxiosBuildUrl(string value, string encoded) => Assert.Equal(encoded, AxiosQuery.Encode(value));

    [Fact]
    public void Serialize_NullsSkippedArraysBracketedScalarsAsText()
    {
        var query = AxiosQuery.Serialize(new JsonObject
        {
            ["a"] = null, ["b"] = "x y", ["c"] = new JsonArray("1", "2"), ["d"] = true, ["e"] = 10, ["f"] = new JsonObject { ["g"] = 1 },
        });

        Assert.Equal("b=x+y&c[]=1&c[]=2&d=true&e=10&f=%7B%22g%22:1%7D", query);
    }

    [Fact]
    public void Form_AsUrlSearchParams()
    {
        Assert.Equal("a=b+c&d=%7E*-._%2F%3D", AxiosQuery.Form(("a", "b c"), ("d", "~*-._/=")));
        Assert.Equal("a%2Cb", AxiosQuery.UriComponent("a,b"));
    }

    [Fact]
    public void Append_QuestionMarkOrAmpersand()
    {
        Assert.Equal("http://h/p?x=1", AxiosQuery.Append("http://h/p", [new("x", JsonValue.Create("1"))]));
        Assert.Equal("http://h/p?y=2&x=1", AxiosQuery.Append("http://h/p?y=2", [new("x", JsonValue.Create("1"))]));
        Assert.Equal("http://h/p", AxiosQuery.Append("http://h/p", [new("x", null)]));
    }

    [Fact]
    public void FieldsSchema_OutputInSchemaOrder_UnknownRejected()
    {
        var schema = new ObjectFieldsSchema([SchemaField.Text("a"), new("b", SchemaFieldKind.Number), SchemaField.Text("c", nullable: true)]);

        Assert.True(schema.TryBind(new JsonObject { ["c"] = null, ["b"] = "5", ["a"] = "x" }, Context, out var bound, out _));
        Assert.Equal("{\"a\":\"x\",\"b\":5,\"c\":null}", ((JsonObject)bound!).ToJsonString());
        Assert.False(schema.TryBind(new JsonObject { ["a"] = null, ["z"] = 1 }, Context, out _, out var errors));
        Assert.Equal(["[a]: expected value of type [string] but got [null]", "[z]: definition for this key is missing"], errors.Select(e => e.Message));
    }

    [Fact]
    public void FieldsSchema_Passthrough_KeepsOtherKeys()
    {
        var schema = new ObjectFieldsSchema([SchemaField.Text("a", required: true)], passthrough: true);

        Assert.True(schema.TryBind(new JsonObject { ["z"] = 1, ["a"] = "x" }, Context, out var bound, out _));
        Assert.Equal("{\"a\":\"x\",\"z\":1}", ((JsonObject)bound!).ToJsonString());
        Assert.False(schema.TryBind(null, Context, out _, out var errors));
        Assert.Equal("[a]: expected value of type [string] but got [undefined]", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task TokenCache_ConcurrentCallers_OneFetch()
    {
        var cache = new OAuthTokenCache(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var gate = new TaskCompletionSource<OAuthToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fetches = 0;
        Task<OAuthToken> Fetch(CancellationToken _)
        {
            Interlocked.Increment(ref fetches);
            return gate.Task;
        }

        var first = cache.GetAsync("k", Fetch, CancellationToken.None).AsTask();
        var second = cache.GetAsync("k", Fetch, CancellationToken.None).AsTask();
        gate.SetResult(new OAuthToken("t1", DateTimeOffset.UnixEpoch.AddHours(1)));

        Assert.Equal(["t1", "t1"], await Task.WhenAll(first, second));
        Assert.Equal(1, fetches);
        Assert.Equal("t1", await cache.GetAsync("k", Fetch, CancellationToken.None));
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task TokenCache_Invalidate_OnlyTheRejectedToken()
    {
        var cache = new OAuthTokenCache(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var next = 0;
        Task<OAuthToken> Fetch(CancellationToken _) => Task.FromResult(new OAuthToken($"t{++next}", DateTimeOffset.UnixEpoch.AddHours(1)));

        Assert.Equal("t1", await cache.GetAsync("k", Fetch, CancellationToken.None));
        cache.Invalidate("k", "stale");
        Assert.Equal("t1", await cache.GetAsync("k", Fetch, CancellationToken.None));
        cache.Invalidate("k", "t1");
        Assert.Equal("t2", await cache.GetAsync("k", Fetch, CancellationToken.None));
    }

    [Fact]
    public async Task TokenCache_FailedFetch_NotCachedNextCallRetries()
    {
        var cache = new OAuthTokenCache(new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        var calls = 0;
        Task<OAuthToken> Fetch(CancellationToken _) => ++calls == 1
            ? Task.FromException<OAuthToken>(new InvalidOperationException("down"))
            : Task.FromResult(new OAuthToken("ok", DateTimeOffset.UnixEpoch.AddHours(1)));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.GetAsync("k", Fetch, CancellationToken.None));
        Assert.Equal("ok", await cache.GetAsync("k", Fetch, CancellationToken.None));
    }

    [Fact]
    public void ExpiresAt_ExpiresInSecondsOr3600()
    {
        var start = DateTimeOffset.UnixEpoch;
        Assert.Equal(start.AddSeconds(1799), OAuthBearer.ExpiresAt(start, JsonValue.Create(1799)));
        Assert.Equal(start.AddSeconds(60), OAuthBearer.ExpiresAt(start, JsonValue.Create("60")));
        Assert.Equal(start.AddSeconds(3600), OAuthBearer.ExpiresAt(start, null));
    }

    private sealed class StaticOptions(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
