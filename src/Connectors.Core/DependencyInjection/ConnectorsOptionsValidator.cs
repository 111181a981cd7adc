using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>
/// Validates <see cref="ConnectorsOptions"/> at start-up, preconfigured connectors included: a bad one fails
/// start-up with a message naming the connector and the field.
/// </summary>
internal sealed class ConnectorsOptionsValidator(IServiceProvider services) : IValidateOptions<ConnectorsOptions>
{
    private static readonly string[] ReservedIds = ["", "__proto__", "constructor", "preconfigured-alert-history-es-index"];

    public ValidateOptionsResult Validate(string? name, ConnectorsOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add($"MaxAttempts must be between 1 and 10 but was {options.MaxAttempts}.");
        }

        foreach (var (type, attempts) in options.MaxAttemptsOverrides)
        {
            if (attempts is < 1 or > 10)
            {
                failures.Add($"MaxAttemptsOverrides[{type}] must be between 1 and 10 but was {attempts}.");
            }
        }

        if (options.ResponseTimeout <= TimeSpan.Zero)
        {
            failures.Add("ResponseTimeout must be positive.");
        }

        if (options.ExecutionTimeout <= TimeSpan.Zero)
        {
            failures.Add("ExecutionTimeout must be positive.");
        }

        if (options.MaxResponseContentLength <= 0)
        {
            failures.Add("MaxResponseContentLength must be positive.");
        }

        if (options.ProxyUrl is { Length: > 0 } proxy && !Uri.TryCreate(proxy, UriKind.Absolute, out _))
        {
            failures.Add($"The configuration xpack.actions.proxyUrl: {proxy} is invalid.");
        }

        foreach (var (type, url) in options.ServiceUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                failures.Add($"ServiceUrls[{type}]: \"{url}\" is not an absolute URL.");
            }
        }

        if (options.Preconfigured.Count > 0)
        {
            ValidatePreconfigured(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidatePreconfigured(ConnectorsOptions options, List<string> failures)
    {
        var types = (ConnectorTypeRegistry)services.GetService(typeof(ConnectorTypeRegistry))!;
        var context = new ConnectorValidationContext(new ConnectorPolicy(new StaticOptionsMonitor(options)));
        foreach (var (id, connector) in options.Preconfigured)
        {
            var prefix = $"Preconfigured connector \"{id}\": ";
            if (ReservedIds.Contains(id))
            {
                failures.Add($"invalid preconfigured action id \"{id}\"");
                continue;
            }

            if (string.IsNullOrWhiteSpace(connector.Name))
            {
                failures.Add(prefix + "[name]: expected value of type [string] but got [undefined]");
            }

            if (string.IsNullOrWhiteSpace(connector.ActionTypeId))
            {
                failures.Add(prefix + "[actionTypeId]: expected value of type [string] but got [undefined]");
                continue;
            }

            if (!types.TryGet(connector.ActionTypeId, out var executor))
            {
                failures.Add(prefix + $"Action type \"{connector.ActionTypeId}\" is not registered.");
                continue;
            }

            if (executor.Definition.IsSystemActionType)
            {
                failures.Add(prefix + "Setting system action types in preconfigured connectors are not allowed");
                continue;
            }

            try
            {
                SchemaValidation.BindConnector(executor.Definition, connector.Config ?? [], connector.Secrets ?? [], context);
            }
            catch (ConnectorValidationException ex)
            {
                failures.Add(prefix + ex.Message);
            }
        }
    }

    private sealed class StaticOptionsMonitor(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
