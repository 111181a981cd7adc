using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Connectors.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Core.Tests.Registry;

/// <summary>
/// The direct binder (checked JSON object → contract instance without a serializer round trip) against the serializer
/// itself, over every object contract of every built-in connector type.
/// </summary>
public sealed class DirectBinderTests
{
    public static TheoryData<string> Contracts()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in AllObjectContracts())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void EveryFilledSample_BindsAsTheSerializerDoes(string contract)
    {
        var info = AllObjectContracts().Single(c => c.Name == contract).Info;
        var compared = 0;
        foreach (var sample in Samples(info))
        {
            var normalized = StrictJsonBinder.Normalize(sample, info, []);
            if (normalized is null)
            {
                continue;
            }

            string expected;
            try
            {
                expected = JsonSerializer.Serialize(NodeReader.Deserialize(normalized, info), info);
            }
            catch (JsonException)
            {
                // The serializer refuses it: the direct binder must leave it to the serializer.
                Assert.False(TryBindDirect(normalized, info, out _), $"{contract}: bound {sample.ToJsonString()} that the serializer refuses");
                continue;
            }

            if (TryBindDirect(normalized, info, out var direct))
            {
                Assert.Equal(expected, JsonSerializer.Serialize(direct, info));
                compared++;
            }
        }

        Assert.True(compared > 0 || !DirectBinder.Supports(info), $"{contract}: supported but no sample was bound directly");
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void TheOnePassCheck_GivesTheFullChecksResultAndErrors(string contract)
    {
        var info = AllObjectContracts().Single(c => c.Name == contract).Info;
        foreach (var sample in Samples(info).Concat(MoreSamples(info)))
        {
            var fastErrors = new List<ConnectorValidationError>();
            var fullErrors = new List<ConnectorValidationError>();
            var fast = StrictJsonBinder.Normalize((JsonObject)sample.DeepClone(), info, fastErrors);
            var full = StrictJsonBinder.NormalizeFully((JsonObject)sample.DeepClone(), info, fullErrors);

            Assert.Equal(full?.ToJsonString(), fast?.ToJsonString());
            Assert.Equal(fullErrors.Select(e => (e.Field, e.Message)), fastErrors.Select(e => (e.Field, e.Message)));
        }
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void TheOnePassCheckAndBind_BindsOnlyWhatTheCheckPassesUnchanged_AsTheBinderDoes(string contract)
    {
        var info = AllObjectContracts().Single(c => c.Name == contract).Info;
        foreach (var sample in Samples(info).Concat(MoreSamples(info)))
        {
            if (!TryBindChecked((JsonObject)sample.DeepClone(), info, out var quick))
            {
                continue;
            }

            // Accepted in one pass: the full check passes it without errors and without changing it, and the binder
            // (or else the serializer) makes the same instance of it.
            var errors = new List<ConnectorValidationError>();
            var checkedValue = StrictJsonBinder.NormalizeFully((JsonObject)sample.DeepClone(), info, errors);
            Assert.Empty(errors);
            Assert.Equal(sample.ToJsonString(), checkedValue!.ToJsonString());
            var expected = TryBindDirect(checkedValue, info, out var direct)
                ? JsonSerializer.Serialize(direct, info)
                : JsonSerializer.Serialize(NodeReader.Deserialize(checkedValue, info), info);
            Assert.Equal(expected, JsonSerializer.Serialize(quick, info));
        }
    }

    [Theory]
    [InlineData(".webhook", """{"body":"{\"a\":1}"}""", true)]
    [InlineData(".slack", """{"message":"CPU above 90%"}""", true)]
    [InlineData(".pagerduty", """{"eventAction":"trigger","dedupKey":"k-1","summary":"CPU","severity":"critical","source":"web-01","customDetails":{"v":93.5}}""", true)]
    [InlineData(".pagerduty", """{"eventAction":"trigger","severity":"CRITICAL"}""", false)]
    [InlineData(".pagerduty", """{"eventAction":"trigger","links":[{"href":"h","text":"t"}]}""", false)]
    [InlineData(".pagerduty", """{"eventAction":"trigger","summary":null}""", false)]
    [InlineData(".webhook", """{"body":5}""", false)]
    [InlineData(".webhook", """{"other":"x"}""", false)]
    public void TheOnePassCheckAndBind_TakesTheUsualParams_AndLeavesTheRest(string typeId, string json, bool taken)
    {
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var type = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == typeId).Definition;

        Assert.Equal(taken, TryBindChecked(JsonNode.Parse(json)!.AsObject(), type.Params.Contract!, out _));
    }

    [Fact]
    public void TheParamsContracts_WithSettableMembers_AreBoundDirectly()
    {
        var all = AllObjectContracts().ToList();
        var supported = all.Where(c => DirectBinder.Supports(c.Info)).Select(c => c.Name).ToList();

        // 16 when written: the params of .webhook, .slack, .pagerduty and the other types whose params have no required members.
        Assert.True(supported.Count >= 16, $"{supported.Count} of {all.Count} contracts bind directly: {string.Join(", ", supported)}");
        Assert.Contains("WebhookJsonContext.WebhookParams", supported);
        Assert.Contains("SlackJsonContext.SlackParams", supported);
        Assert.Contains("PagerDutyJsonContext.PagerDutyParams", supported);
    }

    [Theory]
    [InlineData(".webhook", """{"body":"{\"a\":1}"}""")]
    [InlineData(".slack", """{"message":"CPU above 90%"}""")]
    [InlineData(".pagerduty", """{"eventAction":"trigger","dedupKey":"k-1","summary":"CPU","severity":"critical","source":"web-01","component":"c","group":"g","class":"x","timestamp":"2026-12-04T00:00:00Z","customDetails":{"v":93.5}}""")]
    [InlineData(".pagerduty", """{"severity":"warning","summary":"CPU","eventAction":"resolve","class":"x","dedupKey":"k-1","source":"web-01","timestamp":"2026-12-04T00:00:00Z"}""")]
    [InlineData(".pagerduty", """{"customDetails":{"v":1},"eventAction":"acknowledge","component":"c","group":"g","dedupKey":"k-2"}""")]
    public void HotParams_AreBoundDirectly_AndEqualTheSerializers(string typeId, string json)
    {
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var type = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == typeId).Definition;
        var info = type.Params.Contract!;
        Assert.True(DirectBinder.Supports(info));

        var value = JsonNode.Parse(json)!.AsObject();
        Assert.True(TryBindDirect(value, info, out var direct));
        Assert.Equal(JsonSerializer.Serialize(NodeReader.Deserialize(value, info), info), JsonSerializer.Serialize(direct, info));

        Assert.True(type.Params.TryBind(value, new ConnectorValidationContext(provider.GetRequiredService<ConnectorPolicy>()), out var bound, out var errors), string.Join("; ", errors.Select(e => e.Message)));
        Assert.Equal(JsonSerializer.Serialize(direct, info), JsonSerializer.Serialize(bound, info));
    }

    [Fact]
    public void NodeMembers_AreCopies_NotTheCallersNodes()
    {
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var type = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == ".pagerduty").Definition;
        var details = new JsonObject { ["v"] = 1 };
        var value = new JsonObject { ["eventAction"] = "trigger", ["summary"] = "s", ["customDetails"] = details };

        Assert.True(type.Params.TryBind(value, new ConnectorValidationContext(provider.GetRequiredService<ConnectorPolicy>()), out var bound, out _));
        details["v"] = 2;

        Assert.Contains("\"v\":1", JsonSerializer.Serialize(bound, type.Params.Contract!), StringComparison.Ordinal);
    }

    [Fact]
    public void ANull_OrAnUnexpectedShape_IsLeftToTheSerializer()
    {
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var info = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == ".webhook").Definition.Params.Contract!;

        Assert.False(TryBindDirect(new JsonObject { ["body"] = null }, info, out _));
        Assert.False(TryBindDirect(new JsonObject { ["body"] = 5 }, info, out _));
        Assert.False(TryBindDirect(new JsonObject { ["other"] = "x" }, info, out _));
    }

    [Fact]
    public void AValueMadeFromAGuidACharOrADate_IsLeftToTheSerializer_AndBindsAsItsText()
    {
        // Made in code (not parsed), these write as JSON strings without holding a string: the one-pass path leaves
        // them to the check and the serializer, which read their text.
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var type = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == ".pagerduty").Definition;
        var info = type.Params.Contract!;
        var context = new ConnectorValidationContext(provider.GetRequiredService<ConnectorPolicy>());
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var at = new DateTimeOffset(2026, 12, 4, 10, 30, 0, TimeSpan.Zero);
        var value = new JsonObject
        {
            ["eventAction"] = "trigger",
            ["dedupKey"] = JsonValue.Create(id),
            ["summary"] = JsonValue.Create('x'),
            ["timestamp"] = JsonValue.Create(at),
        };

        Assert.False(TryBindChecked(value, info, out _));
        Assert.False(TryBindDirect(value, info, out _));
        Assert.True(type.Params.TryBind(value, context, out var bound, out var errors), string.Join("; ", errors.Select(e => e.Message)));
        var p = Assert.IsType<Connectors.ConnectorTypes.PagerDuty.PagerDutyParams>(bound);
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", p.DedupKey);
        Assert.Equal("x", p.Summary);
        Assert.Equal("2026-12-04T10:30:00+00:00", p.Timestamp);
    }

    [Fact]
    public void AnEnumGivenAsAMadeChar_IsLeftToTheCheck()
    {
        using var provider = new ServiceCollection().AddConnectors().Services.BuildServiceProvider();
        var type = provider.GetServices<IConnectorExecutor>().Single(e => e.Definition.Id == ".pagerduty").Definition;
        var context = new ConnectorValidationContext(provider.GetRequiredService<ConnectorPolicy>());

        Assert.False(TryBindChecked(new JsonObject { ["severity"] = JsonValue.Create('x') }, type.Params.Contract!, out _));
        Assert.False(type.Params.TryBind(new JsonObject { ["severity"] = JsonValue.Create('x') }, context, out _, out var errors));
        Assert.StartsWith("[severity]:", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    private static bool TryBindChecked(JsonObject value, JsonTypeInfo info, out object? result) =>
        Bind(value, info, check: true, out result);

    private static bool TryBindDirect(JsonObject value, JsonTypeInfo info, out object? result) =>
        Bind(value, info, check: false, out result);

    private static bool Bind(JsonObject value, JsonTypeInfo info, bool check, out object? result)
    {
        result = null;
        if (DirectBinder.PlanOf(info) is not { } plan || !plan.TryBind(value, check, out var bound))
        {
            return false;
        }

        result = bound;
        return true;
    }

    private static IEnumerable<(string Name, JsonTypeInfo Info)> AllObjectContracts()
    {
        var contexts = typeof(ConnectorSchema).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)) && !t.IsAbstract)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            if (context.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not JsonSerializerContext instance)
            {
                continue;
            }

            foreach (var property in context.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                         .Where(p => typeof(JsonTypeInfo).IsAssignableFrom(p.PropertyType))
                         .OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                if (property.GetValue(instance) is JsonTypeInfo { Kind: JsonTypeInfoKind.Object } info && info.Type.Namespace?.StartsWith("Connectors", StringComparison.Ordinal) == true)
                {
                    yield return ($"{context.Name}.{property.Name}", info);
                }
            }
        }
    }

    /// <summary>Every member filled; then each member alone; then each member null; then each member of the wrong kind.</summary>
    private static IEnumerable<JsonObject> Samples(JsonTypeInfo info)
    {
        yield return Fill(info, 0);
        foreach (var property in info.Properties)
        {
            if (Value(property.PropertyType, info.Options, 0) is { } value)
            {
                yield return new JsonObject { [property.Name] = value };
            }

            var withNull = Fill(info, 0);
            withNull[property.Name] = null;
            yield return withNull;

            var wrong = Fill(info, 0);
            wrong[property.Name] = JsonValue.Create(12.5);
            yield return wrong;
        }
    }

    /// <summary>An unknown key; each member as text (coerced or refused), as an empty object and as an empty array; nothing at all.</summary>
    private static IEnumerable<JsonObject> MoreSamples(JsonTypeInfo info)
    {
        var unknown = Fill(info, 0);
        unknown["zz-unknown"] = 1;
        yield return unknown;
        yield return new JsonObject();
        foreach (var property in info.Properties)
        {
            foreach (var odd in new JsonNode[] { "true", "7", "2.5", "", new JsonObject(), new JsonArray() })
            {
                var sample = Fill(info, 0);
                sample[property.Name] = odd.DeepClone();
                yield return sample;
            }
        }
    }

    private static JsonObject Fill(JsonTypeInfo info, int depth)
    {
        var result = new JsonObject();
        foreach (var property in info.Properties)
        {
            if (Value(property.PropertyType, info.Options, depth) is { } value)
            {
                result[property.Name] = value;
            }
        }

        return result;
    }

    private static JsonNode? Value(Type type, JsonSerializerOptions options, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "text-1";
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return 7;
        }

        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
        {
            return 2.5;
        }

        if (type.IsEnum)
        {
            return StrictJsonBinder.EnumNamesOf(type).Last();
        }

        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object) || type == typeof(JsonElement))
        {
            return type == typeof(JsonArray) ? new JsonArray(1, "a") : new JsonObject { ["a"] = 1, ["b"] = new JsonArray("x") };
        }

        if (depth > 3)
        {
            return null;
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => Fill(info, depth + 1),
            JsonTypeInfoKind.Dictionary => Value(info.ElementType!, options, depth + 1) is { } item ? new JsonObject { ["key-1"] = item } : new JsonObject(),
            JsonTypeInfoKind.Enumerable => Value(info.ElementType!, options, depth + 1) is { } item ? new JsonArray(item) : new JsonArray(),
            _ => null,
        };
    }
}
