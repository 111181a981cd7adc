using System.Globalization;
using System.Text.Json;
using Connectors.Templating.Internal;

namespace Connectors.Core.Tests.Templating.Lambdas;

/// <summary>Replays outputs recorded from the JavaScript libraries Kibana uses (see Conformance/README.md).</summary>
public sealed class LambdaConformanceTests
{
    private static JsonElement[][] Load(string file) =>
        JsonSerializer.Deserialize<JsonElement[][]>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Templating", "Lambdas", "Conformance", file)))!;

    private static void AssertAll(string file, Func<JsonElement[], (string Expected, string Actual)> run)
    {
        var cases = Load(file);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var (expected, actual) = run(c);
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                failures.Add($"{c[0]} => expected [{expected}] actual [{actual}]");
            }
        }

        Assert.True(cases.Length > 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Length} differ:\n" + string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void TinyMathParser_RecordedExpressions_MatchPeggyMessages() =>
        AssertAll("tinymath-parse.json", c =>
        {
            try
            {
                TinyMathParser.Parse(c[0].GetString()!);
                return (c[1].GetString()!, "OK");
            }
            catch (TinyMathException ex)
            {
                return (c[1].GetString()!, ex.Message.Replace("Failed to parse expression. ", string.Empty, StringComparison.Ordinal));
            }
        });

    [Fact]
    public void HjsonReader_RecordedTexts_MatchHjsonJs() =>
        AssertAll("hjson.json", c =>
        {
            try
            {
                return (c[1].GetString()!, "OK:" + JsJson.Stringify(HjsonReader.Parse(c[0].GetString()!)));
            }
            catch (FormatException ex)
            {
                return (c[1].GetString()!, "ERR:" + ex.Message);
            }
        });

    [Fact]
    public void FormatDate_RecordedOnUtcServer_MatchMoment() =>
        AssertAll("moment-utc.json", c => (c[1].GetString()!, KibanaLambdas.FormatDate(c[0].GetString()!.Trim()).Text));

    [Fact]
    public void FormatDate_RecordedInNewYork_MatchMoment()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        AssertAll("moment-new-york.json", c => (c[1].GetString()!, KibanaLambdas.FormatDate(c[0].GetString()!.Trim(), newYork).Text));
    }

    [Fact]
    public void FormatDate_RecordedLegacyDateStrings_MatchV8AndMoment() =>
        AssertAll("legacy-dates.json", c => (c[1].GetString()!, KibanaLambdas.FormatDate(c[0].GetString()!).Text));

    [Fact]
    public void FormatDate_RecordedZoneAbbreviations_MatchMomentTimezone() =>
        AssertAll("moment-zone-abbreviations.json", c => (c[1].GetString()!, KibanaLambdas.FormatDate(c[0].GetString()!).Text));

    [Fact]
    public void FormatNumber_RecordedInputs_MatchV8Intl() =>
        AssertAll("intl-number-format.json", c => (c[1].GetString()!, KibanaLambdas.FormatNumber(c[0].GetString()!.Trim()).Text));

    [Fact]
    public void JsNumber_RecordedDoubles_MatchStringOfNumber() =>
        AssertAll("js-number.json", c =>
            (c[1].GetString()!, JsNumber.ToString(BitConverter.UInt64BitsToDouble(ulong.Parse(c[0].GetString()!, CultureInfo.InvariantCulture)))));

    [Fact]
    public void JsUri_RecordedStrings_MatchEncodeUriAndComponent() =>
        AssertAll("encode-uri.json", c =>
        {
            var text = new string(c[0].EnumerateArray().Select(e => (char)e.GetInt32()).ToArray());
            return (c[1].GetString() + "|" + c[2].GetString(), (JsUri.EncodeUri(text) ?? "ERR") + "|" + (JsUri.EncodeUriComponent(text) ?? "ERR"));
        });
}
