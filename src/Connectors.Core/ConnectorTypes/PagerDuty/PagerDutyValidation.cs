using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Templating.Internal;

namespace Connectors.ConnectorTypes.PagerDuty;

/// <summary>The <c>.pagerduty</c> checks and conversions, with Kibana's texts.</summary>
internal static class PagerDutyValidation
{
    public const string DefaultApiUrl = "https://events.pagerduty.com/v2/enqueue";

    public static ConnectorValidationError? ValidateConfig(PagerDutyConfig config, ConnectorValidationContext context)
    {
        var url = ApiUrl(config, context.Policy);
        return context.Policy.IsUriAllowed(url)
            ? null
            : new("apiUrl", $"error configuring pagerduty action: {ConnectorPolicy.UriNotAllowedMessage(url)}");
    }

    /// <summary><c>apiUrl || PAGER_DUTY_API_URL</c>, the default overridable with <c>ServiceUrls[".pagerduty"]</c>.</summary>
    public static string ApiUrl(PagerDutyConfig config, ConnectorPolicy policy) =>
        string.IsNullOrEmpty(config.ApiUrl) ? policy.ServiceUrl(PagerDutyConnector.TypeId, DefaultApiUrl) : config.ApiUrl;

    public static ConnectorValidationError? ValidateParams(PagerDutyParams p, ConnectorValidationContext context)
    {
        if (FieldRules.MaxLength("dedupKey", p.DedupKey, 255) is { } dedup)
        {
            return dedup;
        }

        if (FieldRules.MaxLength("summary", p.Summary, 1024) is { } summary)
        {
            return summary;
        }

        if (p.CustomDetails is { } details && CustomDetailsError(details) is { } detailsError)
        {
            return new("customDetails", detailsError);
        }

        if (p.Timestamp is { } timestamp && ConvertTimestamp(timestamp) is { } converted && ToMoment(converted) is null)
        {
            return new("timestamp", $"error parsing timestamp \"{timestamp}\"");
        }

        if (p.EventAction is PagerDutyEventAction.Resolve or PagerDutyEventAction.Acknowledge && string.IsNullOrEmpty(p.DedupKey))
        {
            return new("dedupKey", $"DedupKey is required when eventAction is \"{(p.EventAction == PagerDutyEventAction.Resolve ? "resolve" : "acknowledge")}\"");
        }

        return null;
    }

    /// <summary>
    /// <c>convertTimestamp</c>: trimmed; an integer that prints back the same is epoch milliseconds; blank is
    /// <see langword="null"/>; anything else stays a string.
    /// </summary>
    public static object? ConvertTimestamp(string timestamp)
    {
        var trimmed = timestamp.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
            && millis.ToString(CultureInfo.InvariantCulture) == trimmed)
        {
            return millis;
        }

        return trimmed;
    }

    /// <summary><c>moment(converted)</c>, or <see langword="null"/> when moment calls it invalid.</summary>
    public static DateTimeOffset? ToMoment(object converted) => converted switch
    {
        long millis when millis is >= -8_640_000_000_000_000 and <= 8_640_000_000_000_000 =>
            DateTimeOffset.UnixEpoch.AddMilliseconds(millis),
        string text => MomentDate.Parse(text, TimeZoneInfo.Utc),
        _ => null,
    };

    /// <summary>The custom details as sent: an object as given, a string parsed as JSON.</summary>
    public static JsonNode? CustomDetails(JsonNode details) =>
        details is JsonValue v && v.GetValueKind() == JsonValueKind.String ? JsonNode.Parse(v.GetValue<string>()) : details;

    private static string? CustomDetailsError(JsonNode details)
    {
        if (details is JsonObject)
        {
            return null;
        }

        if (details is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                JsonNode.Parse(v.GetValue<string>());
                return null;
            }
            catch (JsonException ex)
            {
                return $"[customDetails]: {ex.Message}";
            }
        }

        return "[customDetails]: expected value of type [object] but got [" + details.GetValueKind().ToString().ToLowerInvariant() + "]";
    }
}
