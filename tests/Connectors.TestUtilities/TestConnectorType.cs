using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Connectors.Templating;

namespace Connectors.TestUtilities;

/// <summary>Config of the <c>.test</c> connector type.</summary>
public sealed record TestConfig
{
    /// <summary>A URL, checked against the allowed hosts.</summary>
    public string? Url { get; init; }

    /// <summary>A number.</summary>
    public int? Limit { get; init; }
}

/// <summary>Secrets of the <c>.test</c> connector type.</summary>
public sealed record TestSecrets
{
    /// <summary>A required secret.</summary>
    public required string Token { get; init; }
}

/// <summary>Params of the <c>.test</c> connector type.</summary>
public sealed record TestParams
{
    /// <summary>A required message.</summary>
    public required string Message { get; init; }

    /// <summary>An optional JSON-escaped body.</summary>
    public string? Body { get; init; }
}

/// <summary>Source-generated contracts of the test type.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TestConfig))]
[JsonSerializable(typeof(TestSecrets))]
[JsonSerializable(typeof(TestParams))]
public sealed partial class TestJsonContext : JsonSerializerContext;

/// <summary>
/// A connector type for framework tests (<c>.test</c>, gold): records each execution and runs a scripted behaviour.
/// </summary>
public sealed class TestConnectorType : IConnectorExecutor
{
    /// <summary>The type id.</summary>
    public const string TypeId = ".test";

    private readonly List<ConnectorExecutionContext> executions = [];

    /// <summary>The executions so far.</summary>
    public IReadOnlyList<ConnectorExecutionContext> Executions
    {
        get
        {
            lock (executions)
            {
                return [.. executions];
            }
        }
    }

    /// <summary>What an execution does; by default it succeeds with the message as data.</summary>
    public Func<ConnectorExecutionContext, CancellationToken, ValueTask<ConnectorResult>> Behaviour { get; set; } =
        (context, _) => ValueTask.FromResult(ConnectorResult.Ok(context.ConnectorId, JsonValue.Create(context.GetParams<TestParams>().Message)));

    /// <inheritdoc/>
    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Test",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Cases],
        Config = ConnectorSchema.Create(TestJsonContext.Default.TestConfig, (config, context) =>
            config.Url is { } url && !context.Policy.IsUriAllowed(url)
                ? new ConnectorValidationError("url", ConnectorPolicy.UriNotAllowedMessage(url))
                : null),
        Secrets = ConnectorSchema.Create(TestJsonContext.Default.TestSecrets),
        Params = ConnectorSchema.Create(TestJsonContext.Default.TestParams),
        ParamEscapes = new Dictionary<string, MustacheEscape> { ["body"] = MustacheEscape.Json },
    };

    /// <inheritdoc/>
    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (executions)
        {
            executions.Add(context);
        }

        return Behaviour(context, cancellationToken);
    }
}
