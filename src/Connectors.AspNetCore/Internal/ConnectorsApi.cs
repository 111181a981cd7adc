using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.AspNetCore.Internal;

/// <summary>The handlers of Kibana's public connector routes.</summary>
internal sealed class ConnectorsApi(ConnectorsApiOptions options)
{
    private const string DefaultSpace = "default";
    private const string XsrfHeader = "kbn-xsrf";
    private const int MaxFeatureIdLength = 100;

    // Kibana (Node's JSON.stringify) writes quotes, apostrophes and non-ASCII text as they are.
    private static readonly ConnectorsApiJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public void Map(RouteGroupBuilder group)
    {
        group.MapPost("/connector/{id?}", (RequestDelegate)(context => HandleAsync(context, mutating: true, options.AllPolicy, CreateAsync)));
        group.MapPut("/connector/{id}", (RequestDelegate)(context => HandleAsync(context, mutating: true, options.AllPolicy, UpdateAsync)));
        group.MapGet("/connector/{id}", (RequestDelegate)(context => HandleAsync(context, mutating: false, options.ReadPolicy, GetAsync)));
        group.MapDelete("/connector/{id}", (RequestDelegate)(context => HandleAsync(context, mutating: true, options.AllPolicy, DeleteAsync)));
        group.MapGet("/connectors", (RequestDelegate)(context => HandleAsync(context, mutating: false, options.ReadPolicy, ListAsync)));
        group.MapGet("/connector_types", (RequestDelegate)(context => HandleAsync(context, mutating: false, policy: null, ListTypesAsync)));
        group.MapPost("/connector/{id}/_execute", (RequestDelegate)(context => HandleAsync(context, mutating: true, options.AllPolicy, ExecuteAsync)));
    }

    private async Task HandleAsync(HttpContext context, bool mutating, string? policy, Func<ApiCall, Task> handler)
    {
        try
        {
            if (options.RequireAuthentication && context.User.Identity?.IsAuthenticated != true)
            {
                if (!await ChallengeAsync(context, policy).ConfigureAwait(false))
                {
                    return;
                }

                throw new ApiErrorException(StatusCodes.Status401Unauthorized, "Unauthorized");
            }

            if (mutating && !context.Request.Headers.ContainsKey(XsrfHeader))
            {
                throw new ApiErrorException(StatusCodes.Status400BadRequest, "Request must contain a kbn-xsrf header.");
            }

            CheckLicense(context);
            var call = new ApiCall(
                context,
                context.RequestServices.GetRequiredService<IConnectorRegistry>(),
                context.Request.RouteValues["spaceId"] as string ?? DefaultSpace,
                context.Request.RouteValues["id"] as string);
            await handler(call).ConfigureAwait(false);
        }
        catch (ApiErrorException ex)
        {
            await WriteErrorAsync(context, ex.StatusCode, ex.Message).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            await WriteErrorAsync(context, StatusCodeOf(ex), ex.Message).ConfigureAwait(false);
        }
    }

    private async Task CreateAsync(ApiCall call)
    {
        var body = await ReadBodyAsync(call.Context, RequestBodyValidator.Create).ConfigureAwait(false);
        var typeId = body["connector_type_id"]!.GetValue<string>();
        await AuthorizeAsync(call.Context, options.AllPolicy, "create", typeId).ConfigureAwait(false);
        var connector = await call.Registry.CreateAsync(
            new CreateConnectorRequest
            {
                Id = call.Id,
                Name = body["name"]!.GetValue<string>(),
                ConnectorTypeId = typeId,
                Config = Record(body, "config"),
                Secrets = Record(body, "secrets"),
                SpaceId = call.SpaceId,
            },
            call.Context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(call.Context, ConnectorResponse.From(connector, withReferences: false), Json.ConnectorResponse)
            .ConfigureAwait(false);
    }

    private async Task UpdateAsync(ApiCall call)
    {
        var id = call.Id!;
        var body = await ReadBodyAsync(call.Context, RequestBodyValidator.Update).ConfigureAwait(false);
        await AuthorizeAsync(call.Context, options.AllPolicy, "update", typeId: null).ConfigureAwait(false);
        var existing = await TryGetAsync(call, id).ConfigureAwait(false);
        if (existing is { IsSystemAction: true })
        {
            throw new ApiErrorException(StatusCodes.Status400BadRequest, $"System action {id} can not be updated.");
        }

        if (existing is { IsPreconfigured: true })
        {
            throw new ApiErrorException(StatusCodes.Status400BadRequest, $"Preconfigured action {id} can not be updated.");
        }

        var connector = await call.Registry.UpdateAsync(
            id,
            new UpdateConnectorRequest
            {
                Name = body["name"]!.GetValue<string>(),
                Config = Record(body, "config"),
                Secrets = Record(body, "secrets"),
                SpaceId = call.SpaceId,
            },
            call.Context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(call.Context, ConnectorResponse.From(connector, withReferences: false), Json.ConnectorResponse)
            .ConfigureAwait(false);
    }

    private async Task GetAsync(ApiCall call)
    {
        var id = call.Id!;
        await AuthorizeAsync(call.Context, options.ReadPolicy, "get", typeId: null).ConfigureAwait(false);
        var connector = await call.Registry.GetAsync(id, call.SpaceId, call.Context.RequestAborted).ConfigureAwait(false);
        if (connector.IsSystemAction)
        {
            throw new ApiErrorException(StatusCodes.Status404NotFound, $"Connector {id} not found");
        }

        await WriteAsync(call.Context, ConnectorResponse.From(connector, withReferences: false), Json.ConnectorResponse)
            .ConfigureAwait(false);
    }

    private async Task DeleteAsync(ApiCall call)
    {
        var id = call.Id!;
        await AuthorizeAsync(call.Context, options.AllPolicy, "delete", typeId: null).ConfigureAwait(false);
        var existing = await TryGetAsync(call, id).ConfigureAwait(false);
        if (existing is { IsSystemAction: true })
        {
            throw new ApiErrorException(StatusCodes.Status400BadRequest, $"System action {id} is not allowed to delete.");
        }

        try
        {
            await call.Registry.DeleteAsync(id, call.SpaceId, force: false, call.Context.RequestAborted).ConfigureAwait(false);
        }
        catch (ConnectorForbiddenException ex) when (existing is { IsPreconfigured: true })
        {
            // Kibana's PreconfiguredActionDisabledModificationError is a 400, not a policy refusal.
            throw new ApiErrorException(StatusCodes.Status400BadRequest, ex.Message);
        }

        call.Context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task ListAsync(ApiCall call)
    {
        await AuthorizeAsync(call.Context, options.ReadPolicy, "get", typeId: null).ConfigureAwait(false);
        var connectors = await call.Registry.ListAsync(call.SpaceId, call.Context.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<ConnectorResponse> response = connectors
            .Where(c => !c.IsSystemAction)
            .Select(c => ConnectorResponse.From(c, withReferences: true))
            .ToList();
        await WriteAsync(call.Context, response, Json.IReadOnlyListConnectorResponse).ConfigureAwait(false);
    }

    private async Task ListTypesAsync(ApiCall call)
    {
        var query = call.Context.Request.Query;
        foreach (var key in query.Keys)
        {
            if (key != "feature_id")
            {
                throw new ApiErrorException(StatusCodes.Status400BadRequest, $"[request query.{key}]: definition for this key is missing");
            }
        }

        string? featureId = query.TryGetValue("feature_id", out var values) ? values.ToString() : null;
        if (featureId is { Length: > MaxFeatureIdLength })
        {
            throw new ApiErrorException(
                StatusCodes.Status400BadRequest,
                $"[request query.feature_id]: value has length [{featureId.Length}] but it must have a maximum length of [{MaxFeatureIdLength}].");
        }

        IReadOnlyList<ConnectorTypeResponse> response = call.Registry.ListConnectorTypes(featureId)
            .Where(t => !t.IsSystemActionType)
            .Select(ConnectorTypeResponse.From)
            .ToList();
        await WriteAsync(call.Context, response, Json.IReadOnlyListConnectorTypeResponse).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(ApiCall call)
    {
        var id = call.Id!;
        var body = await ReadBodyAsync(call.Context, RequestBodyValidator.Execute).ConfigureAwait(false);
        var existing = await TryGetAsync(call, id).ConfigureAwait(false);
        await AuthorizeAsync(call.Context, options.AllPolicy, "execute", existing?.ConnectorTypeId).ConfigureAwait(false);
        if (existing is { IsSystemAction: true })
        {
            throw new ApiErrorException(StatusCodes.Status400BadRequest, "Execution of system action is not allowed");
        }

        var result = await call.Registry.ExecuteAsync(
            new ExecuteRequest { ConnectorId = id, Params = Record(body, "params"), SpaceId = call.SpaceId },
            call.Context.RequestAborted).ConfigureAwait(false);
        if (result.Stream is { } stream)
        {
            await WriteStreamAsync(call.Context, stream).ConfigureAwait(false);
            return;
        }

        await WriteAsync(call.Context, ExecuteResponse.From(result), Json.ExecuteResponse).ConfigureAwait(false);
    }

    /// <summary>
    /// A streamed result (an LLM's <c>invokeStream</c>) goes out as the service sent it, chunk by chunk, with its media
    /// type; the execution is recorded when the stream ends, fails or the client goes away.
    /// </summary>
    private static async Task WriteStreamAsync(HttpContext context, ConnectorStream stream)
    {
        await using (((IAsyncDisposable)stream).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = stream.ContentType;
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            await foreach (var chunk in stream.WithCancellation(context.RequestAborted).ConfigureAwait(false))
            {
                await context.Response.Body.WriteAsync(chunk.Raw, context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Lets the host's authentication handlers challenge, as ASP.NET Core's authorization middleware does: the schemes
    /// the route's policy names, else the default challenge scheme. Handlers add their <c>WWW-Authenticate</c> header.
    /// Returns whether the response is still a 401 for Kibana's body (not when a handler redirected or wrote its own).
    /// </summary>
    private static async Task<bool> ChallengeAsync(HttpContext context, string? policyName)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (context.RequestServices.GetService<IAuthenticationSchemeProvider>() is not { } schemes)
        {
            return true;
        }

        IReadOnlyList<string> names = [];
        if (policyName is not null
            && context.RequestServices.GetService<IAuthorizationPolicyProvider>() is { } policies
            && await policies.GetPolicyAsync(policyName).ConfigureAwait(false) is { } policy)
        {
            names = policy.AuthenticationSchemes;
        }

        if (names.Count > 0)
        {
            foreach (var name in names)
            {
                await context.ChallengeAsync(name).ConfigureAwait(false);
            }
        }
        else if (await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) is not null)
        {
            await context.ChallengeAsync().ConfigureAwait(false);
        }

        return !context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status401Unauthorized;
    }

    private static async Task<Connector?> TryGetAsync(ApiCall call, string id)
    {
        try
        {
            return await call.Registry.GetAsync(id, call.SpaceId, call.Context.RequestAborted).ConfigureAwait(false);
        }
        catch (ConnectorNotFoundException)
        {
            return null;
        }
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context, IReadOnlyList<BodyKey> schema)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonNode? body;
        try
        {
            body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new ApiErrorException(StatusCodes.Status400BadRequest, "Invalid request payload JSON format");
        }

        if (RequestBodyValidator.Validate(body, schema) is { } problem)
        {
            throw new ApiErrorException(StatusCodes.Status400BadRequest, problem);
        }

        return body?.AsObject() ?? [];
    }

    private static JsonObject Record(JsonObject body, string key) =>
        body[key] is JsonObject value ? value.DeepClone().AsObject() : [];

    private static async Task AuthorizeAsync(HttpContext context, string? policy, string operation, string? typeId)
    {
        if (policy is null)
        {
            return;
        }

        var authorization = context.RequestServices.GetService<IAuthorizationService>()
            ?? throw new InvalidOperationException(
                $"The connectors API uses the authorization policy '{policy}': call services.AddAuthorization() and define the policy.");
        var result = await authorization.AuthorizeAsync(context.User, policy).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new ApiErrorException(
                StatusCodes.Status403Forbidden,
                typeId is null ? $"Unauthorized to {operation} actions" : $"Unauthorized to {operation} a \"{typeId}\" action");
        }
    }

    /// <summary>Kibana's plugin-level license gate (<c>verifyApiAccess</c>): only an unavailable or expired license closes the API.</summary>
    private static void CheckLicense(HttpContext context)
    {
        if (context.RequestServices.GetService<ILicenseProvider>()?.GetLicense() is not { } license)
        {
            return;
        }

        var message = license.State switch
        {
            LicenseState.Unavailable => "Actions is unavailable - license information is not available at this time.",
            LicenseState.Expired => $"You cannot use actions because your {license.Level.ToString().ToLowerInvariant()} license has expired.",
            _ => null,
        };
        if (message is not null)
        {
            throw new ApiErrorException(StatusCodes.Status403Forbidden, message);
        }
    }

    private static int StatusCodeOf(ConnectorException exception) => exception switch
    {
        ConnectorForbiddenException => StatusCodes.Status403Forbidden,
        ConnectorNotFoundException => StatusCodes.Status404NotFound,
        ConnectorConflictException => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo) =>
        context.Response.WriteAsJsonAsync(value, typeInfo, contentType: null, context.RequestAborted);

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        var error = statusCode switch
        {
            StatusCodes.Status400BadRequest => "Bad Request",
            StatusCodes.Status401Unauthorized => "Unauthorized",
            StatusCodes.Status403Forbidden => "Forbidden",
            StatusCodes.Status404NotFound => "Not Found",
            StatusCodes.Status409Conflict => "Conflict",
            _ => "Internal Server Error",
        };
        return WriteAsync(context, new ErrorResponse(statusCode, error, message), Json.ErrorResponse);
    }

    private sealed record ApiCall(HttpContext Context, IConnectorRegistry Registry, string SpaceId, string? Id);
}

/// <summary>An error response with Kibana's status and text, raised inside a handler.</summary>
#pragma warning disable CA1064, CA1032 // Internal control flow of the handlers; never escapes them.
internal sealed class ApiErrorException(int statusCode, string message) : Exception(message)
#pragma warning restore CA1064, CA1032
{
    public int StatusCode { get; } = statusCode;
}
