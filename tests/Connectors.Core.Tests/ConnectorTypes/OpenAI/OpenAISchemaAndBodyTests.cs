using System.Text;
using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.OpenAI;
using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.ConnectorTypes.OpenAI;

public sealed class OpenAISchemaAndBodyTests
{
    private static ConnectorValidationContext Context(params string[] allowedHosts) =>
        new(new ConnectorPolicy(new StaticOptions(new ConnectorsOptions { AllowedHosts = allowedHosts.Length == 0 ? ["*"] : allowedHosts })));

    private static (bool Ok, object? Bound, IReadOnlyList<ConnectorValidationError> Errors) BindConfig(string json, ConnectorValidationContext? context = null)
    {
        var ok = OpenAIConfigSchema.Instance.TryBind(JsonNode.Parse(json)!.AsObject(), context ?? Context(), out var bound, out var errors);
        return (ok, bound, errors);
    }

    [Fact]
    public void Config_OpenAI_DefaultModelDefaulted()
    {
        var (ok, bound, _) = BindConfig("{\"apiProvider\":\"OpenAI\",\"apiUrl\":\"https://api.openai.com/v1/chat/completions\",\"organizationId\":\"org\"}");

        Assert.True(ok);
        var config = Assert.IsType<OpenAIConfig>(bound);
        Assert.Equal(("gpt-4.1", OpenAIProvider.OpenAI, "org"), (config.DefaultModel, config.Provider, config.OrganizationId));
    }

    [Fact]
    public void Config_Azure_NoDefaultModelInjected()
    {
        var (ok, bound, _) = BindConfig("{\"apiProvider\":\"Azure OpenAI\",\"apiUrl\":\"https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=1\"}");

        Assert.True(ok);
        Assert.Null(Assert.IsType<OpenAIConfig>(bound).DefaultModel);
    }

    [Theory]
    [InlineData("{\"apiProvider\":\"Bard\",\"apiUrl\":\"https://x\"}", "Error configuring OpenAI action: Error: API Provider is not supported: Bard")]
    [InlineData("{\"apiUrl\":\"https://x\"}", "Error configuring OpenAI action: Error: API Provider is not supported")]
    [InlineData("{\"apiProvider\":\"Azure OpenAI\",\"apiUrl\":\"https://x\",\"organizationId\":\"o\"}", "[organizationId]: definition for this key is missing")]
    [InlineData("{\"apiProvider\":\"OpenAI\",\"apiUrl\":\"https://x\",\"verificationMode\":\"none\"}", "[verificationMode]: definition for this key is missing")]
    [InlineData("{\"apiProvider\":\"Other\",\"apiUrl\":\"https://x\"}", "[defaultModel]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"apiProvider\":\"OpenAI\"}", "[apiUrl]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"apiProvider\":\"OpenAI\",\"apiUrl\":\"ftp://x/y\"}", "Error configuring OpenAI action: Error: URL Error: Invalid protocol")]
    [InlineData("{\"apiProvider\":\"OpenAI\",\"apiUrl\":\"not a url\"}", "Error configuring OpenAI action: Error: URL Error: Invalid URL")]
    public void Config_Invalid_KibanasText(string json, string message)
    {
        var (ok, _, errors) = BindConfig(json);

        Assert.False(ok);
        Assert.Equal(message, errors[0].Message);
    }

    [Fact]
    public void Config_HostNotAllowed_WrappedAllowlistText()
    {
        var (ok, _, errors) = BindConfig("{\"apiProvider\":\"OpenAI\",\"apiUrl\":\"https://api.openai.com/v1/chat/completions\"}", Context("example.com"));

        Assert.False(ok);
        Assert.Equal(
            "Error configuring OpenAI action: Error: error validating url: target url \"https://api.openai.com/v1/chat/completions\" is not added to the Kibana config xpack.actions.allowedHosts",
            Assert.Single(errors).Message);
    }

    private static ConnectorValidationError? Secrets(string json)
    {
        var schema = new OpenAIConnector().Definition.Secrets;
        schema.TryBind(JsonNode.Parse(json)!.AsObject(), Context(), out _, out var errors);
        return errors.Count == 0 ? null : errors[0];
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Secrets_Variants_KibanasTexts()
    {
        var cert = B64("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var key = B64("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Assert.Null(Secrets("{\"apiKey\":\"sk-1\"}"));
        Assert.Equal("[apiKey]: expected value of type [string] but got [undefined]", Secrets("{}")!.Message);
        Assert.Equal("[apiKey]: expected value of type [string] but got [undefined]", Secrets("{\"apiKey\":\"\"}")!.Message);
        Assert.Null(Secrets($"{{\"certificateData\":\"{cert}\",\"privateKeyData\":\"{key}\"}}"));
        Assert.Equal("Private key data must be provided for PKI", Secrets($"{{\"certificateData\":\"{cert}\"}}")!.Message);
        Assert.Equal(
            "Invalid Certificate data file format: The file must be a PEM-encoded certificate beginning with \"-----BEGIN CERTIFICATE-----\".",
            Secrets($"{{\"certificateData\":\"{key}\",\"privateKeyData\":\"{key}\"}}")!.Message);
        Assert.Equal(
            "Invalid Private key data file format: The file must be a PEM-encoded certificate beginning with \"-----BEGIN PRIVATE KEY-----\".",
            Secrets($"{{\"certificateData\":\"{cert}\",\"privateKeyData\":\"{cert}\"}}")!.Message);
        Assert.Equal(
            "Invalid CA certificate data file format: The file must be a PEM-encoded certificate beginning with \"-----BEGIN CERTIFICATE-----\".",
            Secrets($"{{\"certificateData\":\"{cert}\",\"privateKeyData\":\"{key}\",\"caData\":\"{key}\"}}")!.Message);
        Assert.Equal("[extra]: definition for this key is missing", Secrets("{\"apiKey\":\"k\",\"extra\":1}")!.Message);
    }

    [Theory]
    // The public chat URL: stream forced off, model defaulted, tool params without tools dropped.
    [InlineData("OpenAI", OpenAIRequestBody.ChatUrl, false, "gpt-4.1",
        "{\"messages\":[],\"stream\":true,\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"function_call\":\"auto\",\"temperature\":1.0}",
        "{\"messages\":[],\"stream\":false,\"temperature\":1,\"model\":\"gpt-4.1\"}")]
    // A streamed call to the public URL asks for the usage chunk.
    [InlineData("OpenAI", OpenAIRequestBody.ChatUrl, true, "gpt-4.1",
        "{\"model\":\"gpt-4o\",\"messages\":[]}",
        "{\"model\":\"gpt-4o\",\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true}}")]
    // Another URL (a proxy): no stream flag, but the model and the tool clean-up still apply; tools kept with their choice.
    [InlineData("OpenAI", "https://proxy.example/v1/chat/completions", false, "gpt-4.1",
        "{\"model\":\"\",\"tools\":[{\"type\":\"function\"}],\"tool_choice\":\"auto\",\"function_call\":\"none\"}",
        "{\"model\":\"gpt-4.1\",\"tools\":[{\"type\":\"function\"}],\"tool_choice\":\"auto\"}")]
    // Azure deployment URL: stream set, model only when configured and missing.
    [InlineData("Azure", "https://r.openai.azure.com/openai/deployments/d1/chat/completions?api-version=2024-02-01", false, null,
        "{\"messages\":[]}", "{\"messages\":[],\"stream\":false}")]
    [InlineData("Azure", "https://apim.example/openai/deployments/d1/extensions/chat/completions?api-version=1", true, "gpt-4o",
        "{\"messages\":[]}", "{\"messages\":[],\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\"}")]
    // Azure URL that is none of the streaming APIs: untouched, not even re-serialized.
    [InlineData("Azure", "https://r.openai.azure.com/openai/deployments/d1/embeddings?api-version=1", false, null,
        "{ \"input\" : 1.0 }", "{ \"input\" : 1.0 }")]
    // Other: stream always, model only when a default is passed (stream path), tool params left alone.
    [InlineData("Other", "http://llm.local/v1/chat/completions", false, null,
        "{\"messages\":[],\"tool_choice\":\"auto\"}", "{\"messages\":[],\"tool_choice\":\"auto\",\"stream\":false}")]
    [InlineData("Other", "http://llm.local/v1/chat/completions", true, "llama3",
        "{\"messages\":[]}", "{\"messages\":[],\"stream\":true,\"model\":\"llama3\"}")]
    // A body that does not parse goes out unchanged.
    [InlineData("OpenAI", OpenAIRequestBody.ChatUrl, false, "gpt-4.1", "{not json", "{not json")]
    [InlineData("Other", "http://llm.local/", true, "llama3", "null", "null")]
    [InlineData("OpenAI", OpenAIRequestBody.ChatUrl, false, "gpt-4.1", "null", "null")]
    public void Prepare_PerProvider_KibanasCleanUp(string provider, string url, bool stream, string? model, string body, string expected) =>
        Assert.Equal(expected, OpenAIRequestBody.Prepare(Enum.Parse<OpenAIProvider>(provider), url, body, stream, model));

    [Fact]
    public void InvokeBody_DropsSignalTimeoutTelemetry_KeepsSchemaOrder()
    {
        var parameters = new OpenAIInvokeParams
        {
            Messages = [new OpenAIMessage { Role = "user", Content = "hi <b>" }],
            Temperature = 0.2,
            Timeout = 1000,
            Signal = JsonValue.Create("x"),
            TelemetryMetadata = new OpenAITelemetryMetadata { PluginId = "p" },
            Model = "gpt-4o",
        };

        Assert.Equal(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi <b>\"}],\"model\":\"gpt-4o\",\"temperature\":0.2}",
            OpenAIService.InvokeBody(parameters));
    }

    [Theory]
    [InlineData(401, "Unauthorized", "{\"error\":{\"message\":\"Bad key\"}}", "Unauthorized API Error - Bad key")]
    [InlineData(401, "Unauthorized", "", "Unauthorized API Error")]
    [InlineData(400, "Bad Request", "{\"error\":\"model not loaded\"}", "API Error: Bad Request - model not loaded")]
    [InlineData(500, "Internal Server Error", "{\"error\":{\"code\":1}}", "API Error: Internal Server Error - [object Object]")]
    [InlineData(503, "Service Unavailable", "down", "API Error: Service Unavailable")]
    public void ErrorMessage_KibanasGetResponseErrorMessage(int status, string statusText, string body, string expected) =>
        Assert.Equal(expected, OpenAIService.ErrorMessage(status, statusText, body.Length == 0 ? null : JsonNode.Parse(body.StartsWith('{') ? body : $"\"{body}\"")));

    [Theory]
    [InlineData("{\"choices\":[]}", "[usage]: expected value of type [object] but got [undefined]")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":\"2\"},\"choices\":[]}", "[usage.total_tokens]: expected value of type [number] but got [undefined]")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}", "[choices]: expected value of type [array] but got [undefined]")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3},\"choices\":[{\"message\":{}}]}", "[choices.0.message.role]: expected value of type [string] but got [undefined]")]
    [InlineData("{\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3},\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null}}]}", null)]
    public void ValidateRunResponse_UsageRequired(string json, string? expected) =>
        Assert.Equal(expected, OpenAIService.ValidateRunResponse(JsonNode.Parse(json)));

    [Fact]
    public void FormatPem_OneLine_SixtyFourCharacterLines()
    {
        var base64 = new string('A', 100);
        Assert.Equal(
            $"-----BEGIN CERTIFICATE-----\n{new string('A', 64)}\n{new string('A', 36)}\n-----END CERTIFICATE-----",
            OpenAISecretsValidation.FormatPem($"-----BEGIN CERTIFICATE----- {base64} -----END CERTIFICATE-----", "CERTIFICATE"));
    }

    private sealed class StaticOptions(ConnectorsOptions value) : IOptionsMonitor<ConnectorsOptions>
    {
        public ConnectorsOptions CurrentValue => value;

        public ConnectorsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConnectorsOptions, string?> listener) => null;
    }
}
