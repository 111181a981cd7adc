using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.Internal;
using Connectors.Templating;

namespace Connectors.ConnectorTypes.Slack;

/// <summary>
/// <c>.slack</c>: posts <c>{"text": message}</c> to a Slack incoming webhook, as Kibana's <c>@slack/webhook</c> path
/// does. Success only when the body is exactly <c>ok</c>; 5xx and 429 retry (429 at <c>Retry-After</c>). Redirects are not
/// followed (the SDK's <c>maxRedirects: 0</c>).
/// </summary>
internal sealed class SlackConnector : IConnectorExecutor, IHttpExchangeExecutor
{
    public const string TypeId = ".slack";

    public ConnectorTypeDefinition Definition { get; } = new()
    {
        Id = TypeId,
        Name = "Slack",
        MinimumLicenseRequired = LicenseLevel.Gold,
        SupportedFeatureIds = [ConnectorFeatureIds.Alerting, ConnectorFeatureIds.Uptime, ConnectorFeatureIds.Siem],
        Secrets = ConnectorSchema.Create(
            SlackJsonContext.Default.SlackSecrets,
            static (s, context) => FieldRules.Validate("webhookUrl", s.WebhookUrl, "slack", context)),
        Params = ConnectorSchema.Create(
            SlackJsonContext.Default.SlackParams,
            static (p, _) => FieldRules.MinLength("message", p.Message, 1)),
        ParamEscapes = new Dictionary<string, MustacheEscape> { ["message"] = MustacheEscape.Slack },
    };

    private static readonly byte[] OkUtf8 = "ok"u8.ToArray();

    private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");

    // The data of every success, {"text":"ok"}: each result gets its own JsonObject over this one parsed (read-only)
    // element, which it copies into its own members only if the caller reads or changes them.
    private static readonly JsonDocument OkData = JsonDocument.Parse("""{"text":"ok"}""");

    // The pipeline runs this type's execute itself, as one exchange (IHttpExchangeExecutor); called directly, the
    // executor runs the same steps.
    public ValueTask<ConnectorResult> ExecuteAsync(ConnectorExecutionContext context, CancellationToken cancellationToken) =>
        HttpExchange.RunAsync(this, context, cancellationToken);

    /// <summary>The message posted to the webhook URL as <c>{"text": …}</c>; redirects are returned, not followed.</summary>
    public HttpRequestMessage CreateRequest(ConnectorExecutionContext context) =>
        new ConnectorHttpRequest(HttpMethod.Post, context.GetSecrets<SlackSecrets>().ParsedWebhookUrl)
        {
            DoNotFollowRedirects = true,
            Content = HttpResults.JsonContent(JsonBytes.Write(context.GetParams<SlackParams>().Message, static (writer, text) =>
            {
                writer.WriteStartObject();
                writer.WriteString(TextName, text);
                writer.WriteEndObject();
            }, HttpResults.JsonOptions)),
        };

    public ConnectorResult Failed(ConnectorExecutionContext context, HttpRequestException exception) =>
        ConnectorResult.Error(context.ConnectorId, "error posting slack message", $"A request error occurred: {HttpResults.MessageOf(exception)}",
            errorSource: HttpResults.SourceOf(exception));

    public async ValueTask<ConnectorResult> InterpretAsync(ConnectorExecutionContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var id = context.ConnectorId;
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var text = await HttpResults.ReadTextAsync(response, OkUtf8, "ok", cancellationToken).ConfigureAwait(false);
            return text == "ok"
                ? ConnectorResult.Ok(id, JsonObject.Create(OkData.RootElement)!)
                : ConnectorResult.Error(id, "error posting slack message", text);
        }

        var sdkMessage = $"An HTTP protocol error occurred: statusCode = {status}";
        if (status >= 500)
        {
            return ConnectorResult.Error(id, "error posting a slack message, retry later", sdkMessage, RetryHint.Later, ErrorSource.Framework);
        }

        if (status == 429)
        {
            return HttpResults.RetryAt(response, context.TimeProvider) is { } at
                ? ConnectorResult.Error(id, $"error posting a slack message, retry at {HttpResults.ToIsoString(at)}", sdkMessage, RetryHint.At(at), ErrorSource.User)
                : ConnectorResult.Error(id, "error posting a slack message, retry later", sdkMessage, RetryHint.Later, ErrorSource.User);
        }

        if (HttpResults.IsUserErrorStatus(status))
        {
            return ExecutorResults.Thrown(id, $"Request failed with status code {status}", ErrorSource.User);
        }

        return ConnectorResult.Error(id, $"unexpected http response from slack: {HttpResults.StatusLine(response)}");
    }
}
