using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.ConnectorTypes.Common;

public sealed class SubActionSchemasTests
{
    private static readonly ConnectorValidationContext Context =
        new(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions())));

    [Fact]
    public void EnvelopeTryBind_UnknownKeys_PassThrough()
    {
        var ok = SubActionEnvelopeSchema.Instance.TryBind(
            new JsonObject { ["subAction"] = "run", ["subActionParams"] = new JsonObject { ["a"] = 1 }, ["extra"] = true },
            Context,
            out var bound,
            out _);

        Assert.True(ok);
        var envelope = Assert.IsType<SubActionEnvelope>(bound);
        Assert.Equal("run", envelope.SubAction);
        Assert.Equal("{\"a\":1}", envelope.SubActionParams!.ToJsonString());
    }

    [Theory]
    [InlineData("{}", "[subAction]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"subAction\":1}", "[subAction]: expected value of type [string] but got [number]")]
    [InlineData("{\"subAction\":\"x\",\"subActionParams\":[1]}", "[subActionParams]: expected value of type [object] but got [Array]")]
    public void EnvelopeTryBind_Invalid_ErrorNamesField(string json, string message)
    {
        var ok = SubActionEnvelopeSchema.Instance.TryBind(JsonNode.Parse(json)!.AsObject(), Context, out _, out var errors);

        Assert.False(ok);
        Assert.Equal(message, Assert.Single(errors).Message);
    }

    [Fact]
    public void EnvelopeTryBind_NullSubActionParams_Accepted()
    {
        Assert.True(SubActionEnvelopeSchema.Instance.TryBind(
            new JsonObject { ["subAction"] = "x", ["subActionParams"] = null }, Context, out var bound, out _));
        Assert.Null(Assert.IsType<SubActionEnvelope>(bound).SubActionParams);
    }

    private sealed class StaticOptions(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
