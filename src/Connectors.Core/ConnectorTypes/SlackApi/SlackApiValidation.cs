using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.SlackApi;

/// <summary>The <c>.slack_api</c> checks, with Kibana's texts.</summary>
internal static class SlackApiValidation
{
    public const string DefaultUrl = "https://slack.com/api/";
    public const int MaxAllowedChannels = 500;

    /// <summary>The API base (<c>SLACK_URL</c>), overridable with <c>ServiceUrls[".slack_api"]</c>.</summary>
    public static string BaseUrl(ConnectorPolicy policy) => policy.ServiceUrl(SlackApiConnector.TypeId, DefaultUrl);

    public static ConnectorValidationError? ValidateConfig(SlackApiConfig config, ConnectorValidationContext context)
    {
        if (config.AllowedChannels is not { } channels)
        {
            return null;
        }

        if (channels.Count > MaxAllowedChannels)
        {
            return new("allowedChannels", $"[allowedChannels]: array size is [{channels.Count}], but cannot be greater than [{MaxAllowedChannels}]");
        }

        for (var i = 0; i < channels.Count; i++)
        {
            if (FieldRules.MinLength($"allowedChannels.{i}.id", channels[i].Id, 1) is { } id)
            {
                return id;
            }

            if (FieldRules.MinLength($"allowedChannels.{i}.name", channels[i].Name, 1) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    public static ConnectorValidationError? ValidateSecrets(SlackApiSecrets secrets, ConnectorValidationContext context)
    {
        if (FieldRules.MinLength("token", secrets.Token, 1) is { } token)
        {
            return token;
        }

        var url = BaseUrl(context.Policy);
        return context.Policy.IsUriAllowed(url)
            ? null
            : new("token", $"error configuring slack action: {ConnectorPolicy.UriNotAllowedMessage(url)}");
    }

    public static ConnectorValidationError? ValidatePostMessage(SlackPostParams p, ConnectorValidationContext context) =>
        ValidateChannels(p, strictNames: true) ?? FieldRules.MinLength("text", p.Text, 1);

    public static ConnectorValidationError? ValidatePostBlockkit(SlackPostParams p, ConnectorValidationContext context)
    {
        if (ValidateChannels(p, strictNames: false) is { } channels)
        {
            return channels;
        }

        try
        {
            return JsonNode.Parse(p.Text) is JsonObject obj && obj.ContainsKey("blocks")
                ? null
                : new("text", "block kit body must contain field \"blocks\"");
        }
        catch (JsonException ex)
        {
            return new("text", $"block kit body is not valid JSON - {ex.Message}");
        }
    }

    private static ConnectorValidationError? ValidateChannels(SlackPostParams p, bool strictNames)
    {
        foreach (var (field, values) in new[] { ("channels", p.Channels), ("channelIds", p.ChannelIds), ("channelNames", p.ChannelNames) })
        {
            if (values is { Count: > 1 })
            {
                return new(field, $"[{field}]: array size is [{values.Count}], but cannot be greater than [1]");
            }
        }

        if (strictNames && p.ChannelNames is { } names)
        {
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                if (name.Length == 0)
                {
                    return new($"channelNames.{i}", "Channel name cannot be empty");
                }

                if ((FieldRules.MinLength($"channelNames.{i}", name, 2) ?? FieldRules.MaxLength($"channelNames.{i}", name, 200)) is { } length)
                {
                    return length;
                }

                if (!name.StartsWith('#'))
                {
                    return new($"channelNames.{i}", "Channel name must start with #");
                }
            }
        }

        return null;
    }
}
