using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Connectors.Internal;

/// <summary>The <c>Connectors</c> meter and activity source, and their instruments.</summary>
internal sealed class ConnectorsTelemetry : IDisposable
{
    public const string Name = "Connectors";
    public const string TypeTag = "connector.type";
    public const string OutcomeTag = "outcome";
    public const string ErrorTypeTag = "error.type";
    public const string TokenTypeTag = "gen_ai.token.type";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter meter;

    public ConnectorsTelemetry(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(Name);
        Executions = meter.CreateCounter<long>(
            "connectors.executions",
            unit: "{execution}",
            description: "Connector executions, by connector type and outcome.");
        Duration = meter.CreateHistogram<double>(
            "connectors.execution.duration",
            unit: "s",
            description: "How long connector executions take, by connector type and outcome.");
        TokenUsage = meter.CreateHistogram<long>(
            "gen_ai.client.token.usage",
            unit: "{token}",
            description: "Tokens used by LLM connector executions, by connector type and token type (input, output).");
    }

    public Counter<long> Executions { get; }

    public Histogram<long> TokenUsage { get; }

    public Histogram<double> Duration { get; }

    public void Dispose() => meter.Dispose();
}
