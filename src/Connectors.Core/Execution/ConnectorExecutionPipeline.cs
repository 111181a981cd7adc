using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Internal;

/// <summary>
/// Steps 3–7 of the execute pipeline: render params, validate params → config → secrets → connector, run the
/// executor with the execution timeout, and record the outcome (event log, metrics, activity, logs).
/// Everything that goes wrong here is a result; only the caller's cancellation propagates.
/// </summary>
internal sealed class ConnectorExecutionPipeline(
    IParamsTemplater templater,
    BoundConnectorCache boundConnectors,
    ConnectorHttpClients httpClients,
    ConnectorPolicy policy,
    IConnectorEventLog eventLog,
    ConnectorsTelemetry telemetry,
    IOptionsMonitor<ConnectorsOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IServiceProvider services)
{
    private readonly ILogger logger = loggerFactory.CreateLogger("Connectors.Execution");
    private readonly ConnectorValidationContext validationContext = new(policy);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ILogger> typeLoggers = new(StringComparer.Ordinal);
    private CoarseTimeout? executionTimeouts;

    public async Task<ConnectorResult> ExecuteAsync(
        IConnectorExecutor executor,
        ResolvedConnector resolved,
        ExecuteRequest request,
        CancellationToken cancellationToken)
    {
        var type = executor.Definition;
        var connector = resolved.Connector;
        var executionId = ExecutionIds.Next();
        using var activity = ConnectorsTelemetry.ActivitySource.StartActivity("connector.execute", ActivityKind.Internal);
        activity?.SetTag(ConnectorsTelemetry.TypeTag, type.Id);
        activity?.SetTag("connector.id", connector.Id);
        activity?.SetTag("connector.space", request.SpaceId);
        activity?.SetTag("connector.execution.id", executionId.Text);

        var parameters = request.Params ?? [];
        if (request.Variables is { } variables)
        {
            try
            {
                parameters = templater.Render(parameters, variables, type, request.Dialect, cancellationToken);
            }
            catch (ParamsRenderException ex)
            {
                return Refuse(connector, type, request, executionId, ConnectorResult.Error(connector.Id, ex.Message, errorSource: ErrorSource.User), activity);
            }
        }

        if (!SchemaValidation.TryBind(type.Params, parameters, validationContext, SchemaValidation.ParamsPrefix, out var boundParams, out var paramsError))
        {
            return Refuse(connector, type, request, executionId, ConnectorResult.Error(connector.Id, paramsError!.Message, errorSource: ErrorSource.User), activity);
        }

        if (connector.IsMissingSecrets)
        {
            // An imported connector, or one whose stored secrets could not be decrypted: never run it with empty secrets.
            var message = $"Connector {connector.Id} is missing its secrets (it was imported, or its stored secrets could not be decrypted): update the connector with its secrets before executing it.";
            return Refuse(connector, type, request, executionId, ConnectorResult.Error(connector.Id, message, errorSource: ErrorSource.User), activity);
        }

        object boundConfig, boundSecrets;
        try
        {
            (boundConfig, boundSecrets) = boundConnectors.GetOrBind(type, resolved, validationContext);
        }
        catch (ConnectorValidationException ex)
        {
            return Refuse(connector, type, request, executionId, ConnectorResult.Error(connector.Id, ex.Message, errorSource: ErrorSource.Framework), activity);
        }

        var start = timeProvider.GetUtcNow();
        var startTimestamp = timeProvider.GetTimestamp();
        Log.Executing(logger, type.Id, connector.Id, connector.Name);
        Record(new ConnectorEventFields
        {
            Timestamp = start,
            Action = ConnectorEventActions.ExecuteStart,
            ExecutionGuid = executionId.Value,
            ConnectorId = connector.Id,
            ConnectorTypeId = type.Id,
            ConnectorName = connector.Name,
            SpaceId = request.SpaceId,
            IsPreconfigured = connector.IsPreconfigured,
            Message = resolved.StartedMessage(type.Id),
            Start = start,
        });

        var current = options.CurrentValue;
        var context = new ConnectorExecutionContext(
            connector,
            executionId.Value,
            boundConfig,
            boundSecrets,
            boundParams,
            httpClients,
            policy,
            typeLoggers.GetOrAdd(type.Id, static (id, factory) => factory.CreateLogger($"Connectors.{id.TrimStart('.')}"), loggerFactory),
            timeProvider,
            services,
            current.ServiceUrls.TryGetValue(type.Id, out var serviceUrl) ? serviceUrl : null);

        ConnectorResult result;
        // On the system clock a source shared by the executions that start in the same short window (when the caller's
        // token cannot be cancelled), or a reused token source (its timer kept) linked to the caller's token, reused
        // only when the executor returned without a stream (a stream may go on using the token).
        var linked = TimeoutScope.StartCoarse(current.ExecutionTimeout, cancellationToken, timeProvider, ref executionTimeouts);
        var reuseTimeout = false;
        try
        {
            // A built-in type whose execute is one plain exchange is run here: HttpExchange.RunAsync's steps, inline so
            // that they take no frame of their own; anything else by its executor.
            ConnectorResult? produced = null;
            if (executor is IHttpExchangeExecutor exchange && exchange.CreateRequest(context) is { } outbound)
            {
                using (outbound)
                {
                    HttpResponseMessage? response = null;
                    try
                    {
                        if (context.HttpClient is ConnectorHttpClient client && client.InFramePolicy(outbound) is { } policy)
                        {
                            // The policy handler's first hop, in this frame (RedirectHandler.Hop): what the client's
                            // SendAsync does, without the handler's own async frame.
                            var hop = default(RedirectHandler.Hop);
                            Exception? failed = null;
                            try
                            {
                                policy.StartHop(outbound, linked.Token, ref hop);
                                response = await hop.Sending.ConfigureAwait(false);
                                var completing = policy.CompleteHop(outbound, response, ref hop);
                                if (completing.IsCompletedSuccessfully)
                                {
                                    completing.GetAwaiter().GetResult();
                                }
                                else
                                {
                                    await completing.ConfigureAwait(false);
                                }
                            }
                            catch (Exception ex)
                            {
                                failed = policy.HopFailed(response, ex, linked.Token, ref hop);
                                response = null;
                            }
                            finally
                            {
                                RedirectHandler.EndHop(ref hop);
                            }

                            if (policy.NeedsMore(outbound, response, failed))
                            {
                                // The first answer is the handler's to dispose from here (a redirect it follows).
                                var first = response;
                                response = null;
                                response = await policy.FinishAsync(outbound, first, failed, linked.Token).ConfigureAwait(false);
                            }
                        }
                        else
                        {
                            response = await context.HttpClient.SendAsync(outbound, linked.Token).ConfigureAwait(false);
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        produced = exchange.Failed(context, ex);
                    }

                    if (response is not null)
                    {
                        using (response)
                        {
                            produced = await exchange.InterpretAsync(context, response, linked.Token).ConfigureAwait(false);
                        }
                    }
                }
            }
            else
            {
                produced = await executor.ExecuteAsync(context, linked.Token).ConfigureAwait(false);
            }

            result = produced ?? ConnectorResult.Ok(connector.Id);
            if (!result.IsSuccess && result.ErrorSource is null)
            {
                result = result with { ErrorSource = ErrorSource.User };
            }

            reuseTimeout = result.Stream is null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Complete(resolved, type, request, executionId, start, startTimestamp,
                ConnectorResult.Error(connector.Id, "action execution cancelled by the caller"), activity, context.TokenUsage);
            throw;
        }
        catch (Exception ex) when (linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                                   && ex is OperationCanceledException or HttpRequestException or TimeoutException)
        {
            var limit = FormatDuration(current.ExecutionTimeout);
            Log.ExecutionTimedOut(logger, type.Id, connector.Id, connector.Name, current.ExecutionTimeout);
            eventLog.Append(NewEvent(ConnectorEventActions.ExecuteTimeout, connector, type, request, executionId, timeProvider.GetUtcNow()) with
            {
                Message = $"action: {type.Id}:{connector.Id}: '{connector.Name}' execution cancelled due to timeout - exceeded timeout of \"{limit}\"",
                Start = start,
            });
            result = ConnectorResult.Error(
                connector.Id,
                $"action execution cancelled due to timeout - exceeded timeout of \"{limit}\"",
                retry: RetryHint.Later,
                errorSource: ErrorSource.Framework);
        }
        catch (Exception ex)
        {
            Log.ExecutorThrew(logger, type.Id, connector.Id, ex.GetType().Name);
            result = ConnectorResult.Error(
                connector.Id,
                "an error occurred while running the action",
                serviceMessage: ex.Message,
                retry: RetryHint.Later,
                errorSource: ex is ConnectorForbiddenException or ConnectorValidationException or HostNotAllowedException
                    ? ErrorSource.User
                    : ErrorSource.Framework);
        }
        finally
        {
            linked.Release(reuseTimeout);
        }

        if (result.ConnectorId != connector.Id)
        {
            result = result with { ConnectorId = connector.Id };
        }

        if (result is { IsSuccess: true, Stream: { } stream })
        {
            // Kibana records a streamed execution (and its token usage) once the stream has been consumed.
            CompleteWhenFinished(stream, resolved, type, request, executionId, start, startTimestamp, result, context.TokenUsage);
            return result;
        }

        Complete(resolved, type, request, executionId, start, startTimestamp, result, activity, context.TokenUsage);
        return result;
    }

    /// <summary>Records a streamed execution when its stream ends, fails or is disposed (a method of its own, so that the closure is only made for streams).</summary>
    private void CompleteWhenFinished(
        ConnectorStream stream,
        ResolvedConnector resolved,
        ConnectorTypeDefinition type,
        ExecuteRequest request,
        ExecutionIdentity executionId,
        DateTimeOffset start,
        long startTimestamp,
        ConnectorResult streamed,
        TokenUsage? reported) =>
        stream.OnFinished((finished, error) => Complete(
            resolved, type, request, executionId, start, startTimestamp,
            error is null
                ? streamed
                : ConnectorResult.Error(resolved.Connector.Id, "an error occurred while reading the response stream", serviceMessage: error.Message, errorSource: ErrorSource.Framework),
            activity: null,
            finished.Usage ?? reported));

    /// <summary>Kibana's <c>actionErrorToMessage</c>.</summary>
    public static string ErrorToMessage(ConnectorResult result)
    {
        var message = result.Message ?? "unknown error running action";
        if (!string.IsNullOrEmpty(result.ServiceMessage))
        {
            message += ": " + result.ServiceMessage;
        }

        if (result.Retry is { } retry)
        {
            message += "; " + retry;
        }

        return message;
    }

    private static string FormatDuration(TimeSpan value) =>
        value.TotalMinutes >= 1 && value.TotalMinutes == Math.Floor(value.TotalMinutes) ? $"{value.TotalMinutes}m"
        : value.TotalSeconds == Math.Floor(value.TotalSeconds) ? $"{value.TotalSeconds}s"
        : $"{value.TotalMilliseconds}ms";

    private ConnectorResult Refuse(
        Connector connector, ConnectorTypeDefinition type, ExecuteRequest request, ExecutionIdentity executionId, ConnectorResult result, Activity? activity)
    {
        eventLog.Append(NewEvent(ConnectorEventActions.ValidationFailure, connector, type, request, executionId, timeProvider.GetUtcNow()) with
        {
            Outcome = "failure",
            Message = $"action execution refused: {type.Id}:{connector.Id}: {connector.Name}",
            ErrorMessage = result.Message,
            ErrorSource = result.ErrorSource,
        });
        Log.ExecutionFailed(logger, type.Id, connector.Id, connector.Name, result.Message ?? string.Empty);
        Count(type, result, TimeSpan.Zero);
        activity?.SetStatus(ActivityStatusCode.Error, result.Message);
        return result;
    }

    private void Complete(
        ResolvedConnector resolved,
        ConnectorTypeDefinition type,
        ExecuteRequest request,
        ExecutionIdentity executionId,
        DateTimeOffset start,
        long startTimestamp,
        ConnectorResult result,
        Activity? activity,
        TokenUsage? usage)
    {
        var connector = resolved.Connector;
        var duration = timeProvider.GetElapsedTime(startTimestamp);
        // The end as the start plus the measured duration: one clock read, and End - Start is always Duration.
        var end = start + duration;
        var entry = new ConnectorEventFields
        {
            Timestamp = end,
            Action = ConnectorEventActions.Execute,
            ExecutionGuid = executionId.Value,
            ConnectorId = connector.Id,
            ConnectorTypeId = type.Id,
            ConnectorName = connector.Name,
            SpaceId = request.SpaceId,
            IsPreconfigured = connector.IsPreconfigured,
            Start = start,
            End = end,
            Duration = duration,
            Outcome = result.IsSuccess ? "success" : "failure",
            Message = result.IsSuccess ? resolved.ExecutedMessage(type.Id) : resolved.FailureMessage(type.Id),
            ErrorMessage = result.IsSuccess ? null : ErrorToMessage(result),
            ErrorSource = result.ErrorSource,
            TokenUsage = usage,
        };
        Record(entry);
        if (usage is not null)
        {
            RecordTokens(type, usage, activity);
        }

        if (!result.IsSuccess)
        {
            Log.ExecutionFailed(logger, type.Id, connector.Id, connector.Name, entry.ErrorMessage!);
            activity?.SetStatus(ActivityStatusCode.Error, result.Message);
        }

        Count(type, result, duration);
    }

    /// <summary>Appends an event; to the in-memory log (the default) as its fields, without an event object.</summary>
    private void Record(in ConnectorEventFields fields)
    {
        if (eventLog is InMemoryConnectorEventLog memory)
        {
            memory.Append(in fields);
        }
        else
        {
            eventLog.Append(fields.ToEvent());
        }
    }

    private void Count(ConnectorTypeDefinition type, ConnectorResult result, TimeSpan duration)
    {
        if (!telemetry.Executions.Enabled && !telemetry.Duration.Enabled)
        {
            return;
        }

        var outcome = result.IsSuccess ? "success" : "failure";
        var errorType = result.ErrorSource switch
        {
            ErrorSource.User => "user",
            ErrorSource.Framework => "framework",
            _ => null,
        };
        var tags = new TagList
        {
            { ConnectorsTelemetry.TypeTag, type.Id },
            { ConnectorsTelemetry.OutcomeTag, outcome },
        };
        if (errorType is not null)
        {
            tags.Add(ConnectorsTelemetry.ErrorTypeTag, errorType);
        }

        telemetry.Executions.Add(1, tags);
        telemetry.Duration.Record(duration.TotalSeconds, tags);
    }

    private void RecordTokens(ConnectorTypeDefinition type, TokenUsage usage, Activity? activity)
    {
        telemetry.TokenUsage.Record(
            usage.PromptTokens,
            new KeyValuePair<string, object?>(ConnectorsTelemetry.TypeTag, type.Id),
            new KeyValuePair<string, object?>(ConnectorsTelemetry.TokenTypeTag, "input"));
        telemetry.TokenUsage.Record(
            usage.CompletionTokens,
            new KeyValuePair<string, object?>(ConnectorsTelemetry.TypeTag, type.Id),
            new KeyValuePair<string, object?>(ConnectorsTelemetry.TokenTypeTag, "output"));
        activity?.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", usage.CompletionTokens);
    }

    private static ConnectorEvent NewEvent(
        string action, Connector connector, ConnectorTypeDefinition type, ExecuteRequest request, ExecutionIdentity executionId, DateTimeOffset timestamp) =>
        new()
        {
            Timestamp = timestamp,
            Action = action,
            ExecutionId = executionId.Text,
            ConnectorId = connector.Id,
            ConnectorTypeId = type.Id,
            ConnectorName = connector.Name,
            SpaceId = request.SpaceId,
            IsPreconfigured = connector.IsPreconfigured,
        };
}
