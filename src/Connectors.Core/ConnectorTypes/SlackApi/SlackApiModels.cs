using System.Text.Json.Serialization;

namespace Connectors.ConnectorTypes.SlackApi;

/// <summary>The <c>.slack_api</c> config: the channels messages may go to (none: any).</summary>
internal sealed record SlackApiConfig
{
    public List<SlackAllowedChannel>? AllowedChannels { get; init; }
}

/// <summary>An allowed channel: its name and, optionally, its id.</summary>
internal sealed record SlackAllowedChannel
{
    public string? Id { get; init; }

    public required string Name { get; init; }
}

/// <summary>The <c>.slack_api</c> secrets: the bot token.</summary>
internal sealed record SlackApiSecrets
{
    public required string Token { get; init; }
}

/// <summary><c>validChannelId</c>: checks a channel id with <c>conversations.info</c>.</summary>
internal sealed record SlackValidChannelIdParams
{
    public string? ChannelId { get; set; }
}

/// <summary><c>postMessage</c> and <c>postBlockkit</c>: one channel (by name, id or the deprecated <c>channels</c>) and the text.</summary>
internal sealed record SlackPostParams
{
    public List<string>? Channels { get; init; }

    public List<string>? ChannelIds { get; init; }

    public List<string>? ChannelNames { get; init; }

    public required string Text { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SlackApiConfig))]
[JsonSerializable(typeof(SlackApiSecrets))]
[JsonSerializable(typeof(SlackValidChannelIdParams))]
[JsonSerializable(typeof(SlackPostParams))]
internal sealed partial class SlackApiJsonContext : JsonSerializerContext;
