using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>The <see cref="IConnectorRegistry"/>: Kibana's actions client over an <see cref="IConnectorStore"/>.</summary>
internal sealed partial class ConnectorRegistry : IConnectorRegistry
{
    private readonly ConnectorTypeRegistry types;
    private readonly IConnectorStore store;
    private readonly PreconfiguredConnectors preconfigured;
    private readonly LicenseGate licenseGate;
    private readonly ConnectorPolicy policy;
    private readonly ConnectorValidationContext validationContext;
    private readonly IConnectorEventLog eventLog;
    private readonly IConnectorReferenceSource? references;
    private readonly IOptionsMonitor<ConnectorsOptions> options;
    private readonly ConnectorExecutionPipeline pipeline;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    public ConnectorRegistry(
        ConnectorTypeRegistry types,
        IConnectorStore store,
        PreconfiguredConnectors preconfigured,
        LicenseGate licenseGate,
        ConnectorPolicy policy,
        IConnectorEventLog eventLog,
        IOptionsMonitor<ConnectorsOptions> options,
        ConnectorExecutionPipeline pipeline,
        TimeProvider timeProvider,
        ILogger<ConnectorRegistry> logger,
        IConnectorReferenceSource? references = null)
    {
        this.types = types;
        this.store = store;
        this.preconfigured = preconfigured;
        this.licenseGate = licenseGate;
        this.policy = policy;
        this.eventLog = eventLog;
        this.options = options;
        this.pipeline = pipeline;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.references = references;
        validationContext = new ConnectorValidationContext(policy);
    }

    public IReadOnlyList<ConnectorTypeInfo> ListConnectorTypes(string? featureId = null)
    {
        var list = new List<ConnectorTypeInfo>(types.All.Count);
        foreach (var executor in types.All)
        {
            var type = executor.Definition;
            if (featureId is not null && !type.SupportedFeatureIds.Contains(featureId))
            {
                continue;
            }

            var inConfig = policy.IsConnectorTypeEnabled(type.Id);
            var inLicense = licenseGate.CheckLicense(type) is null;
            list.Add(new ConnectorTypeInfo
            {
                Id = type.Id,
                Name = type.Name,
                Enabled = inConfig && inLicense,
                EnabledInConfig = inConfig,
                EnabledInLicense = inLicense,
                MinimumLicenseRequired = type.MinimumLicenseRequired,
                SupportedFeatureIds = type.SupportedFeatureIds,
                IsSystemActionType = type.IsSystemActionType,
            });
        }

        return list;
    }

    private static string NotFoundMessage(string id) => $"Saved object [action/{id}] not found";

    private static void RequireNonBlank(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            var message = value is null
                ? $"[{field}]: expected value of type [string] but got [undefined]"
                : $"[{field}]: value '{value}' is not valid";
            throw new ConnectorValidationException(message, [new ConnectorValidationError(field, message)]);
        }
    }

    private static void CheckConnectorId(string id)
    {
        string? problem = id.Length switch
        {
            0 => "Connector ID is required.",
            > 36 => "Connector ID must be 36 characters or less.",
            _ when !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') =>
                "Connector ID must contain only lowercase letters, numbers, and hyphens.",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ConnectorValidationException(problem, [new ConnectorValidationError("id", problem)]);
        }
    }

    private Connector ToConnector(ConnectorRecord record, int referencedByCount, bool cloneConfig = true)
    {
        var type = types.TryGet(record.ConnectorTypeId, out var executor) ? executor.Definition : null;
        return new Connector
        {
            Id = record.Id,
            SpaceId = record.SpaceId,
            Name = record.Name,
            ConnectorTypeId = record.ConnectorTypeId,
            Config = cloneConfig ? record.Config.DeepClone().AsObject() : record.Config,
            IsPreconfigured = false,
            IsMissingSecrets = record.IsMissingSecrets,
            IsDeprecated = type?.IsConnectorDeprecated?.Invoke(record.Config) ?? false,
            ReferencedByCount = referencedByCount,
        };
    }

    private Connector ToConnector(PreconfiguredConnector connector, string spaceId, int referencedByCount)
    {
        var type = types.TryGet(connector.ConnectorTypeId, out var executor) ? executor.Definition : null;
        return new Connector
        {
            Id = connector.Id,
            SpaceId = spaceId,
            Name = connector.Name,
            ConnectorTypeId = connector.ConnectorTypeId,
            Config = connector.ExposeConfig ? connector.Config.DeepClone().AsObject() : null,
            IsPreconfigured = true,
            IsDeprecated = type?.IsConnectorDeprecated?.Invoke(connector.Config) ?? false,
            ReferencedByCount = referencedByCount,
        };
    }

    private ValueTask<int> CountReferencesAsync(string id, string spaceId, CancellationToken cancellationToken) =>
        references?.CountReferencesAsync(id, spaceId, cancellationToken) ?? ValueTask.FromResult(0);

    private void RecordRefusal(string operation, string connectorId, string? typeId, string spaceId, ConnectorException error)
    {
        Log.Refused(logger, operation, error.Message);
        eventLog.Append(new ConnectorEvent
        {
            Timestamp = timeProvider.GetUtcNow(),
            Action = error is ConnectorForbiddenException ? ConnectorEventActions.PolicyRefusal : ConnectorEventActions.ValidationFailure,
            Outcome = "failure",
            ConnectorId = connectorId,
            ConnectorTypeId = typeId,
            SpaceId = spaceId,
            Message = $"connector {operation} refused: {typeId}:{connectorId}",
            ErrorMessage = error.Message,
            ErrorSource = ErrorSource.User,
        });
    }
}
