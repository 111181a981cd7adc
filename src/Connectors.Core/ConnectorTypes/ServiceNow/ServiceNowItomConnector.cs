using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>
/// <c>.servicenow-itom</c> (ServiceNow ITOM, platinum): events to the Event Management API (<c>addEvent</c>, with
/// <c>message_key</c> defaulting to the alert grouping key) and <c>getChoices</c> on <c>em_event</c>.
/// </summary>
internal sealed class ServiceNowItomConnector : IConnectorExecutor
{
    public const string TypeId = ".servicenow-itom";

    private static readonly Dictionary<string, (string?, string)> GroupingKeys = new(StringComparer.Ordinal)
    {
        ["addEvent"] = (null, "message_key"),
    };

    private readonly ServiceNowTokenCache tokens = new();

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "ServiceNow ITOM",
        MinimumLicenseRequired = LicenseLevel.Platinum,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Siem, ConnectorFeatureIds.Workflows],
        Config = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowItomConfig, ServiceNowValidation.ValidateItomConfig),
        Secrets = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowSecrets, ServiceNowValidation.ValidateSecrets),
        ValidateConnector = ServiceNowValidation.ValidateConnector,
        Params = new SubActionUnionSchema(new Dictionary<string, ConnectorSchema>(StringComparer.Ordinal)
        {
            ["addEvent"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowAddEventParams),
            ["getChoices"] = ConnectorSchema.Create(ServiceNowJsonContext.Default.ServiceNowGetChoicesParams),
        }),
        PrepareParamsForRendering = static (parameters, _) => ServiceNowExecution.AddDefaultGroupingKey(parameters, GroupingKeys),
    };

    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var call = context.GetParams<SubActionCall>();
        var config = context.GetConfig<ServiceNowItomConfig>().ToConfig();
        var secrets = context.GetSecrets<ServiceNowSecrets>();
        return ExternalServiceRun.RunAsync(context, async () =>
        {
            var service = new ServiceNowService(context, config, secrets, ServiceNowTypeSettings.Itom, tokens);
            switch (call.Params)
            {
                case ServiceNowAddEventParams add:
                    await service.AddEventAsync(EventRecord(add), cancellationToken).ConfigureAwait(false);
                    return null;
                case ServiceNowGetChoicesParams choices:
                    return await service.GetChoicesAsync(choices.Fields, cancellationToken).ConfigureAwait(false);
                default:
                    return null;
            }
        });
    }

    /// <summary>The event: <c>time_of_event</c> as <c>yyyy-MM-dd HH:mm:ss</c> GMT (null when unparseable), null fields removed.</summary>
    internal static JsonObject EventRecord(ServiceNowAddEventParams p)
    {
        var record = JsonSerializer.SerializeToNode(p, ServiceNowJsonContext.Default.ServiceNowAddEventParams)!.AsObject();
        record["time_of_event"] = FormatTime(p.TimeOfEvent);
        foreach (var key in record.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList())
        {
            record.Remove(key);
        }

        return record;
    }

    /// <summary><c>convertTimestamp</c> (an integer string is epoch milliseconds) then <c>new Date(v)</c>, formatted in GMT.</summary>
    private static string? FormatTime(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        DateTimeOffset time;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch))
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(epoch);
        }
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            return null;
        }

        return time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
