using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Templating;

namespace Connectors.Core.Tests.Templating;

/// <summary>
/// The render fast paths (JSON objects read directly, raw UTF-8 copied without decoding, member positions
/// remembered per template) must render exactly what the general paths render.
/// </summary>
public sealed class RenderFastPathTests
{
    private const string Template =
        "{{#items}}[{{text}}|{{{text}}}|{{n}}|{{nested.deep.text}}|{{missing}}|{{nested.missing.x}}]{{/items}}" +
        "{{top}}{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}{{#list}}<{{.}}>{{/list}}";

    private static readonly string[] Texts =
    [
        "plain ascii",
        "",
        "snake_case",
        "star*text",
        "<b>bold</b> & more",
        "quote \" and back \\ slash",
        "tab\tnew\nline",
        "ünïcödé ✓ 😀",
        "https://example.com/a_b*c",
        "`tick` and 'single'",
        "md: a.b-c!#(x)[y]{z}+|",
        "eq = slash / back`",
        "\u0001control\u001f",
        "esc\u00e9aped\u2028",
    ];

    public static TheoryData<MustacheEscape, bool> Modes()
    {
        var data = new TheoryData<MustacheEscape, bool>();
        foreach (var escape in Enum.GetValues<MustacheEscape>())
        {
            data.Add(escape, true);
            data.Add(escape, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void JsonNode_RendersAsPlainDictionaries(MustacheEscape escape, bool kibana)
    {
        var template = MustacheTemplate.Parse(Template);
        var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = kibana };
        var json = BuildJson();
        var clr = ToClr(json);

        var fromJson = template.Render(json, options);
        var fromParsed = template.Render(JsonNode.Parse(json.ToJsonString()), options);
        var fromElement = template.Render(JsonDocument.Parse(json.ToJsonString()).RootElement, options);
        var fromClr = template.Render(clr, options);

        Assert.Equal(fromClr, fromJson);
        Assert.Equal(fromClr, fromParsed);
        Assert.Equal(fromClr, fromElement);
        Assert.Equal(fromClr, template.Render(MustacheData.Create(json), options));

        // Rendered again: whatever the template remembered from the first render gives the same text.
        Assert.Equal(fromJson, template.Render(JsonNode.Parse(json.ToJsonString()), options));
    }

    [Theory]
    [InlineData(MustacheEscape.None)]
    [InlineData(MustacheEscape.Html)]
    [InlineData(MustacheEscape.Slack)]
    public void JsonNode_EscapedStringsDecodeBeforeEscaping(MustacheEscape escape)
    {
        var data = JsonNode.Parse("""{"s":"a\u0026b \"q\" \\ \u00e9 \ud83d\ude00 _x_"}""");
        var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = true };

        var expected = MustacheTemplate.Parse("{{s}}").Render(new Dictionary<string, object?> { ["s"] = "a&b \"q\" \\ é 😀 _x_" }, options);

        Assert.Equal(expected, MustacheTemplate.Parse("{{s}}").Render(data, options));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void JsonNode_EveryJsonEscape_DecodesAsTheReader(MustacheEscape escape, bool kibana)
    {
        const string Json = """{"s":"\/ \b\f\n\r\t \u00E9\u00e9 \u0041\u007a \"q\" \\ \ud83d\ude00 _x_ <&>`*","a":"\u00e9","b":"\\"}""";
        var data = JsonNode.Parse(Json);
        var element = JsonDocument.Parse(Json).RootElement;
        var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = kibana };
        var template = MustacheTemplate.Parse("{{s}}|{{a}}|{{b}}|{{{s}}}");
        var clr = new Dictionary<string, object?>
        {
            ["s"] = element.GetProperty("s").GetString(),
            ["a"] = element.GetProperty("a").GetString(),
            ["b"] = element.GetProperty("b").GetString(),
        };

        var expected = template.Render(clr, options);

        Assert.Equal(expected, template.Render(data, options));
        Assert.Equal(expected, template.Render(element, options));
    }

    [Theory]
    [InlineData(MustacheEscape.Html)]
    [InlineData(MustacheEscape.Slack)]
    [InlineData(MustacheEscape.Markdown)]
    public void JsonNode_LongEscapedStrings_RenderAsTheirDecodedText(MustacheEscape escape)
    {
        var text = string.Concat(Enumerable.Repeat("a \"q\" <b> & é_x*", 40));
        var data = new JsonObject { ["s"] = text };
        var reparsed = JsonNode.Parse(data.ToJsonString());
        var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = true };
        var template = MustacheTemplate.Parse("{{s}}|{{s}}");

        var expected = template.Render(new Dictionary<string, object?> { ["s"] = text }, options);

        Assert.Equal(expected, template.Render(reparsed, options));
        Assert.Equal(expected, template.Render(reparsed, options));
    }

    [Fact]
    public void JsonNode_LoneEscapedSurrogate_FailsAsTheReader()
    {
        var data = JsonNode.Parse("""{"s":"a\ud83d b"}""");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.Slack, KibanaCompatible = true };

        Assert.Throws<MustacheRenderException>(() => MustacheTemplate.Parse("{{s}}").Render(data, options));
    }

    [Fact]
    public void SameTemplate_ObjectsWithKeysInDifferentOrders_FindEveryMember()
    {
        var template = MustacheTemplate.Parse("{{#items}}{{a}}{{b}}{{c.d}};{{/items}}");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };
        var data = JsonNode.Parse("""
            {"items":[
              {"a":"1","b":"2","c":{"d":"3"}},
              {"c":{"d":"6"},"b":"5","a":"4"},
              {"b":"8","x":0,"y":0,"a":"7"},
              {"a":"9","b":"10","c.d":"11"},
              {"c":{"e":1,"d":"12"},"a":"13"}
            ]}
            """);

        var prepared = MustacheData.Create(data);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("123;456;78;91011;1312;", template.Render(data, options));
            Assert.Equal("123;456;78;91011;1312;", template.Render(prepared, options));
        }
    }

    [Fact]
    public void DottedKeyAddedBetweenRenders_IsExpanded()
    {
        var template = MustacheTemplate.Parse("{{a.b}}|{{a.c}}");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };
        var data = new JsonObject { ["a"] = new JsonObject { ["b"] = "1" } };

        Assert.Equal("1|", template.Render(data, options));

        data["a.c"] = "2";

        Assert.Equal("1|2", template.Render(data, options));
    }

    [Fact]
    public void Dictionaries_LambdasDottedKeysAndComparers_AsTheGeneralPath()
    {
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };
        var template = MustacheTemplate.Parse("{{a.f}}|{{a.b.c}}|{{a.x}}|{{#a}}{{f}}{{/a}}|{{n.k}}|{{i.k}}");

        Dictionary<string, object?> Data(IEqualityComparer<string>? comparer) => new(comparer)
        {
            ["a"] = new Dictionary<string, object?>(comparer) { ["f"] = new Func<object?>(() => "lambda"), ["b.c"] = "dotted", ["x"] = 1.5 },
            ["n"] = new Dictionary<string, object?>(comparer) { ["k"] = null },
            ["i"] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["K"] = "ignore-case" },
        };

        Assert.Equal("lambda|dotted|1.5|lambda||ignore-case", template.Render(Data(null), options));
        Assert.Equal("lambda|dotted|1.5|lambda||ignore-case", template.Render(Data(StringComparer.Ordinal), options));
    }

    [Fact]
    public void OutputLimit_StillAppliesToCopiedStrings()
    {
        var template = MustacheTemplate.Parse("{{a}}{{a}}");
        var data = JsonNode.Parse("""{"a":"0123456789"}""");

        var options = new MustacheRenderOptions { KibanaCompatible = true, MaxOutputLength = 15 };

        Assert.Throws<MustacheRenderException>(() => template.Render(data, options));
        Assert.Equal("01234567890123456789", template.Render(data, new MustacheRenderOptions { KibanaCompatible = true, MaxOutputLength = 20 }));
        Assert.Throws<MustacheRenderException>(() => template.Render(MustacheData.Create(data), options));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Sections_OverEveryJsonShape_RenderAsTheGeneralPath(MustacheEscape escape, bool kibana)
    {
        const string Json = """
            {
              "obj": {"name": "o&b", "n": 1},
              "items": [{"name": "i1", "shared": {}}, {"shared": {"x": "own"}}, {"name": null, "shared": null}, {"name": "i4", "shared": {"x": null}}],
              "scalars": ["s*1", "", 0, 2.5, true, false, null, "<t>"],
              "empty": [],
              "emptyString": "",
              "text": "some_text",
              "zero": 0,
              "num": 2.5,
              "yes": true,
              "no": false,
              "nothing": null,
              "name": "root-name",
              "shared": {"x": "root-x"}
            }
            """;
        const string Template =
            "{{#obj}}[{{name}}|{{n}}|{{text}}]{{/obj}}{{^obj}}no-obj{{/obj}}" +
            "{{#items}}({{name}}|{{shared.x}}|{{text}}){{/items}}{{^items}}no-items{{/items}}" +
            "{{#scalars}}<{{.}}|{{{.}}}>{{/scalars}}" +
            "{{#empty}}E{{/empty}}{{^empty}}not-empty{{/empty}}" +
            "{{#emptyString}}ES{{/emptyString}}{{^emptyString}}!ES{{/emptyString}}" +
            "{{#text}}T{{.}}{{/text}}{{^text}}!T{{/text}}" +
            "{{#zero}}Z{{/zero}}{{^zero}}!Z{{/zero}}" +
            "{{#num}}N{{.}}{{/num}}{{^num}}!N{{/num}}" +
            "{{#yes}}Y{{/yes}}{{^yes}}!Y{{/yes}}" +
            "{{#no}}F{{/no}}{{^no}}!F{{/no}}" +
            "{{#nothing}}X{{/nothing}}{{^nothing}}!X{{/nothing}}" +
            "{{#missing}}M{{/missing}}{{^missing}}!M{{/missing}}" +
            "{{#obj.name}}on{{/obj.name}}{{^obj.missing}}!om{{/obj.missing}}{{#nothing.x}}nx{{/nothing.x}}";
        var template = MustacheTemplate.Parse(Template);
        var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = kibana };
        var node = JsonNode.Parse(Json)!;

        var expected = template.Render(ToClr(node), options);

        Assert.Equal(expected, template.Render(node, options));
        Assert.Equal(expected, template.Render(JsonDocument.Parse(Json).RootElement, options));
        Assert.Equal(expected, template.Render(node, options));
        var prepared = MustacheData.Create(node);
        Assert.Equal(expected, template.Render(prepared, options));
        Assert.Equal(expected, template.Render(prepared, options));
    }

    [Fact]
    public void Sections_NamesMissingInTheItem_ComeFromOuterFrames()
    {
        var template = MustacheTemplate.Parse("{{#items}}{{name}}:{{shared.x}}:{{#shared}}{{x}}{{/shared}};{{/items}}");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };
        var data = JsonNode.Parse("""
            {"name":"root","shared":{"x":"rx"},
             "items":[{"name":"a"},{"shared":{}},{"shared":null},{"shared":{"x":"own"}},{"shared":"str"}]}
            """);

        // mustache.js: a name whose last segment the item lacks is looked up again from the outer frames; a
        // section over the item's own null or string stays with it.
        Assert.Equal("a:rx:rx;root:rx:;root:rx:;root:own:own;root:rx:;", template.Render(data, options));
        Assert.Equal(template.Render(ToClr(data), options), template.Render(data, options));
        Assert.Equal(template.Render(data, options), template.Render(MustacheData.Create(data), options));
    }

    [Theory]
    [InlineData(MustacheEscape.None)]
    [InlineData(MustacheEscape.Html)]
    [InlineData(MustacheEscape.Slack)]
    public void JsonValuesOfClrObjects_RenderAsTheirDictionaryEquivalents(MustacheEscape escape)
    {
        var when = new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc);
        var node = new JsonObject
        {
            ["s"] = JsonValue.Create("a_b <c>"),
            ["i"] = JsonValue.Create(3),
            ["d"] = JsonValue.Create(2.5),
            ["b"] = JsonValue.Create(true),
            ["t"] = JsonValue.Create(when),
            ["e"] = JsonValue.Create(JsonDocument.Parse("\"elem*ent\"").RootElement),
            ["list"] = new JsonArray(JsonValue.Create("x"), JsonValue.Create(1), JsonValue.Create(false)),
        };
        var clr = new Dictionary<string, object?>
        {
            ["s"] = "a_b <c>",
            ["i"] = 3,
            ["d"] = 2.5,
            ["b"] = true,
            ["t"] = when,
            ["e"] = "elem*ent",
            ["list"] = new List<object?> { "x", 1, false },
        };
        var template = MustacheTemplate.Parse("{{s}}|{{i}}|{{d}}|{{b}}|{{e}}|{{#list}}<{{.}}>{{/list}}|{{#s}}S{{/s}}{{^b}}!B{{/b}}");

        foreach (var kibana in new[] { true, false })
        {
            var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = kibana };
            Assert.Equal(template.Render(clr, options), template.Render(node, options));
        }
    }

    [Fact]
    public void JsonNodeMutatedBetweenRenders_RendersTheNewData()
    {
        var template = MustacheTemplate.Parse("{{a}}|{{b.c}}|{{#items}}{{name}},{{/items}}|{{^gone}}!g{{/gone}}");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };
        var data = (JsonObject)JsonNode.Parse("""{"a":"1","b":{"c":"2"},"items":[{"name":"x"},{"name":"y"}],"gone":true}""")!;

        Assert.Equal("1|2|x,y,|", template.Render(data, options));

        data["a"] = "one";
        ((JsonObject)data["b"]!)["c"] = JsonValue.Create(22);
        ((JsonArray)data["items"]!).Add(new JsonObject { ["name"] = "z" });
        ((JsonObject)((JsonArray)data["items"]!)[0]!)["name"] = null;
        data.Remove("gone");

        Assert.Equal("one|22|,y,z,|!g", template.Render(data, options));

        // A dotted key added to an item: Kibana expands it and the item's own key gives way.
        ((JsonObject)((JsonArray)data["items"]!)[1]!)["name.first"] = "n";
        data["b.c"] = "dotted";

        Assert.Equal(template.Render(ToClr(data), options), template.Render(data, options));
        Assert.Equal(template.Render(JsonDocument.Parse(data.ToJsonString()).RootElement, options), template.Render(data, options));
    }

    [Fact]
    public void MemberNames_OfEveryLength_MatchOnlyThemselves()
    {
        string[] keys = ["a", "b", "ab", "ac", "ba", "abc", "abd", "xbc", "abcd", "abce", "abcdefg", "abcXefg", "abcdefh", "abcdefgh", "abcXefgh", "abcdefgi", "abcdefghi", "abcdefghj", "abcdXfghi"];
        var data = new JsonObject();
        var clr = new Dictionary<string, object?>();
        for (var i = 0; i < keys.Length; i++)
        {
            data[keys[i]] = "v" + i;
            clr[keys[i]] = "v" + i;
        }

        // More than 16 keys takes the general path; the same keys in small objects take the scan.
        var small = new JsonObject();
        foreach (var key in keys.Take(16))
        {
            small[key] = key;
        }

        var template = MustacheTemplate.Parse(string.Join("|", keys.Select(k => "{{" + k + "}}")) + "|{{abcdefgX}}|{{zz}}");
        var smallTemplate = MustacheTemplate.Parse(string.Join("|", keys.Take(16).Select(k => "{{" + k + "}}")) + "|{{abcdefgX}}|{{abcd.x}}");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };

        Assert.Equal(string.Join("|", keys.Select((_, i) => "v" + i)) + "||", template.Render(data, options));
        Assert.Equal(template.Render(clr, options), template.Render(data, options));
        Assert.Equal(string.Join("|", keys.Take(16)) + "||", smallTemplate.Render(small, options));
        Assert.Equal(template.Render(data, options), template.Render(MustacheData.Create(data), options));
        Assert.Equal(smallTemplate.Render(small, options), smallTemplate.Render(MustacheData.Create(small), options));
    }

    [Fact]
    public void MixedFrames_DictionaryAroundJsonObjects_ResolveAsTheGeneralPath()
    {
        var template = MustacheTemplate.Parse("{{#obj}}{{own}}|{{outer}}|{{obj.own}}{{/obj}}");
        var options = new MustacheRenderOptions { Escape = MustacheEscape.None, KibanaCompatible = true };
        var data = new Dictionary<string, object?>
        {
            ["outer"] = "from-dictionary",
            ["obj"] = new JsonObject { ["own"] = "json" },
        };

        Assert.Equal("json|from-dictionary|json", template.Render(data, options));
    }

    [Fact]
    public void ParsedJsonValues_GiveTheirElementWithoutTheGenericCall()
    {
        var parsed = JsonNode.Parse("""["x",1.5,true]""")!.AsArray();

        foreach (var item in parsed)
        {
            Assert.True(Connectors.Templating.Internal.JsonElementValues.TryGetParsedElement(item!.AsValue(), out var element));
            Assert.Equal(item.ToJsonString(), element.GetRawText());
            Assert.True(Connectors.Templating.Internal.JsonElementValues.TryGetElement(item.AsValue(), out var again));
            Assert.Equal(element.GetRawText(), again.GetRawText());
        }

        Assert.False(Connectors.Templating.Internal.JsonElementValues.TryGetParsedElement(JsonValue.Create("x"), out _));
        Assert.False(Connectors.Templating.Internal.JsonElementValues.TryGetElement(JsonValue.Create("x"), out _));
        Assert.True(Connectors.Templating.Internal.JsonElementValues.TryGetElement(JsonValue.Create(JsonDocument.Parse("2").RootElement)!, out var wrapped));
        Assert.Equal(2, wrapped.GetInt32());
    }

    private static JsonObject BuildJson()
    {
        var items = new JsonArray();
        var n = 0;
        foreach (var text in Texts)
        {
            items.Add(new JsonObject
            {
                ["text"] = text,
                ["n"] = n++ + 0.5,
                ["nested"] = new JsonObject { ["deep"] = new JsonObject { ["text"] = text } },
            });
        }

        var list = new JsonArray();
        foreach (var text in Texts)
        {
            list.Add(text);
        }

        return new JsonObject
        {
            ["items"] = items,
            ["top"] = "top_level & <x>",
            ["flag"] = true,
            ["list"] = list,
        };
    }

    private static object? ToClr(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToClr(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToClr).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
        _ => node.GetValue<bool>(),
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void JsonNode_ShortStrings_WithAnyCharacterAtAnyPosition_RenderAsPlainStrings(MustacheEscape escape, bool kibana)
    {
        // Values of up to 24 bytes are checked and copied in one pass: every character that could stop the copy (every
        // ASCII character, a JSON escape, a non-ASCII one), at the start, in the middle and at the end, each length.
        var template = MustacheTemplate.Parse("{{v}}|{{{v}}}");
        var options = new MustacheRenderOptions { Escape = escape, KibanaCompatible = kibana };
        var specials = Enumerable.Range(1, 127).Select(c => ((char)c).ToString()).Concat(["é", "✓", "😀"]).ToList();
        foreach (var length in (int[])[1, 2, 7, 8, 15, 16, 23, 24, 25])
        {
            foreach (var special in specials)
            {
                foreach (var at in (int[])[0, length / 2, length - 1])
                {
                    var text = new string('a', at) + special + new string('b', Math.Max(0, length - at - 1));
                    var expected = template.Render(new Dictionary<string, object?> { ["v"] = text }, options);

                    var json = JsonNode.Parse(new JsonObject { ["v"] = text }.ToJsonString());
                    Assert.Equal(expected, template.Render(json, options));
                    Assert.Equal(expected, template.Render(MustacheData.Create(json), options));
                }
            }
        }
    }
}

