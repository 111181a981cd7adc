using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.PagerDuty;
using Connectors.Internal;

namespace Connectors.Core.Tests.ConnectorTypes;

/// <summary>
/// The plain body writer (straight into an array) against <see cref="Utf8JsonWriter"/> with the connectors' JSON
/// options: the same bytes whenever it takes a body, and it gives up on anything it would write differently.
/// </summary>
public sealed class JsonBodyWritersTests
{
    /// <summary>Text of every kind a value may hold: plain, escaped by JSON, escaped by the encoder, invalid UTF-16.</summary>
    public static TheoryData<string> Texts() => new()
    {
        "CPU above 90% on web-01",
        string.Empty,
        "<b>bold</b> & 'single' `tick` + = ? / ~",
        "quote \" inside",
        "back\\slash",
        "line\nbreak\ttab\rreturn",
        "\u0001\u001f control",
        "\u007f delete",
        "é à ü ß ñ 日本語 中文 한국어",
        "emoji 😀 and 🚨",
        "\u2028 line and \u2029 paragraph separators",
        "\u00a0 nbsp \u00ad soft hyphen \u200b zero width \ufeff bom",
        "\ufffd replacement",
        "\ue000 private use",
        "lone high \ud83d surrogate",
        "lone low \ude00 surrogate",
        "*bold* _italic_ ~strike~ `code` > quote",
        new string('x', 1500),
        new string('é', 900),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void AString_IsWrittenAsTheJsonWriterWritesIt_OrLeftToIt(string text)
    {
        var expected = Escaped(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", text);
            w.WriteEndObject();
        });

        var plain = PlainJsonWriter.Create();
        plain.WriteStartObject();
        plain.WriteString(JsonEncodedText.Encode("name"), text);
        plain.WriteEndObject();

        if (plain.TryToArray(out var bytes))
        {
            Assert.Equal(expected, bytes);
        }
        else
        {
            // Given up only on text the writer changes (escapes or replaces), or on a body too large for its buffer.
            Assert.True(
                !expected.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes("{\"name\":\"" + text + "\"}")) || expected.Length > 2048,
                $"the plain writer gave up on text the JSON writer writes unchanged: {text}");
        }
    }

    [Theory]
    [InlineData("CPU above 90% on web-01", true)]
    [InlineData("<b> & 'q' é 日本", true)]
    [InlineData("quote \"", false)]
    [InlineData("line\n", false)]
    [InlineData("emoji 😀", false)]
    public void ThePlainWriter_TakesTextThatNeedsNoEscaping_Only(string text, bool taken)
    {
        var plain = PlainJsonWriter.Create();
        plain.WriteStartObject();
        plain.WriteString(JsonEncodedText.Encode("text"), text);
        plain.WriteEndObject();

        Assert.Equal(taken, plain.TryToArray(out _));
    }

    [Fact]
    public void NestedObjectsAndArrays_GetTheirCommas()
    {
        var plain = PlainJsonWriter.Create();
        plain.WriteStartObject();
        plain.WriteString(JsonEncodedText.Encode("a"), "1");
        plain.WriteStartObject(JsonEncodedText.Encode("b"));
        plain.WriteEndObject();
        plain.WriteStartObject(JsonEncodedText.Encode("c"));
        plain.WriteString(JsonEncodedText.Encode("d"), "2");
        plain.WriteString(JsonEncodedText.Encode("e"), JsonEncodedText.Encode("3"));
        plain.WriteEndObject();
        plain.WriteStartArray(JsonEncodedText.Encode("f"));
        plain.WriteEndArray();
        plain.WriteStartArray(JsonEncodedText.Encode("g"));
        for (var i = 0; i < 3; i++)
        {
            plain.WriteStartObject();
            plain.WriteString(JsonEncodedText.Encode("h"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            plain.WriteEndObject();
        }

        plain.WriteEndArray();
        plain.WriteEndObject();

        Assert.True(plain.TryToArray(out var bytes));
        Assert.Equal("""{"a":"1","b":{},"c":{"d":"2","e":"3"},"f":[],"g":[{"h":"0"},{"h":"1"},{"h":"2"}]}""", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void ANode_ATooLargeBody_OrAnUnclosedObject_IsLeftToTheJsonWriter()
    {
        var withNode = PlainJsonWriter.Create();
        withNode.WriteStartObject();
        withNode.WriteNode(JsonEncodedText.Encode("n"), new JsonObject());
        withNode.WriteEndObject();
        Assert.False(withNode.TryToArray(out _));

        var large = PlainJsonWriter.Create();
        large.WriteStartObject();
        for (var i = 0; i < 30; i++)
        {
            large.WriteString(JsonEncodedText.Encode("k" + i), new string('x', 100));
        }

        large.WriteEndObject();
        Assert.False(large.TryToArray(out _));

        var open = PlainJsonWriter.Create();
        open.WriteStartObject();
        Assert.False(open.TryToArray(out _));

        // The buffer is reused after each of them: a plain body still comes out whole.
        var next = PlainJsonWriter.Create();
        next.WriteStartObject();
        next.WriteString(JsonEncodedText.Encode("a"), "b");
        next.WriteEndObject();
        Assert.True(next.TryToArray(out var bytes));
        Assert.Equal("""{"a":"b"}"""u8.ToArray(), bytes);
    }

    public static TheoryData<string> PagerDutyParams()
    {
        var data = new TheoryData<string>
        {
            """{"eventAction":"trigger","dedupKey":"rule-1-host-a","summary":"CPU above 90%","source":"web-01","severity":"critical"}""",
            """{}""",
            """{"eventAction":"resolve","dedupKey":"k"}""",
            """{"eventAction":"acknowledge","dedupKey":"k","summary":"ignored"}""",
            """{"eventAction":"trigger","summary":"s","timestamp":"2026-12-04T10:30:00Z","component":"c","group":"g","class":"x"}""",
            """{"eventAction":"trigger","summary":"s","timestamp":"1733308200000","severity":"warning"}""",
            """{"eventAction":"trigger","summary":"s","timestamp":"  ","severity":"error"}""",
            """{"eventAction":"trigger","summary":"s","customDetails":{"cpu":93.5,"host":"web-01"}}""",
            """{"eventAction":"trigger","summary":"s","customDetails":"{\"a\":[1,2]}"}""",
            """{"eventAction":"trigger","summary":"s","customDetails":""}""",
            """{"eventAction":"trigger","summary":"s","links":[{"href":"https://a.example/x?y=1&z=2","text":"dash"},{"href":"h","text":"t"}]}""",
            """{"eventAction":"trigger","summary":"s","links":[]}""",
            """{"eventAction":"trigger","source":"","summary":""}""",
        };
        foreach (var text in Texts())
        {
            data.Add(new JsonObject { ["eventAction"] = "trigger", ["dedupKey"] = "k", ["summary"] = text, ["source"] = text, ["class"] = text }.ToJsonString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PagerDutyParams))]
    public void APagerDutyEvent_IsTheJsonWritersBytes(string json)
    {
        var p = JsonSerializer.Deserialize(json, PagerDutyJsonContext.Default.PagerDutyParams)!;
        var expected = JsonBytes.Write(p, static (writer, p) =>
        {
            var escaped = new Utf8JsonBodyWriter(writer, HttpResults.JsonOptions);
            PagerDutyConnector.WriteBody(ref escaped, "connector-1", p);
        }, HttpResults.JsonOptions);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(PagerDutyConnector.Body("connector-1", p)));
        Assert.Equal(expected, PagerDutyConnector.Body("connector-1", p));
    }

    [Fact]
    public void TheUsualPagerDutyEvent_IsWrittenPlain()
    {
        var p = new PagerDutyParams { EventAction = PagerDutyEventAction.Trigger, DedupKey = "rule-1-host-a", Summary = "CPU above 90%", Source = "web-01", Severity = PagerDutySeverity.Critical };
        var plain = PlainJsonWriter.Create();
        PagerDutyConnector.WriteBody(ref plain, "connector-1", p);

        Assert.True(plain.TryToArray(out var bytes));
        Assert.Equal(
            """{"event_action":"trigger","dedup_key":"rule-1-host-a","payload":{"summary":"CPU above 90%","source":"web-01","severity":"critical"}}""",
            System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static byte[] Escaped(Action<Utf8JsonWriter> write) =>
        JsonBytes.Write(write, static (writer, write) => write(writer), HttpResults.JsonOptions);
}
