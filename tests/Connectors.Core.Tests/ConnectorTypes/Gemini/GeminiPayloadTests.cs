using System.Text.Json.Nodes;
using Connectors.ConnectorTypes.Common;
using Connectors.ConnectorTypes.Gemini;

namespace Connectors.Core.Tests.ConnectorTypes.Gemini;

public sealed class GeminiPayloadTests
{
    private const string Safety = "\"safety_settings\":[{\"category\":\"HARM_CATEGORY_DANGEROUS_CONTENT\",\"threshold\":\"BLOCK_ONLY_HIGH\"}]";

    private static string Format(string messages, string? system = null, double temperature = 0, double? max = null, GeminiToolConfig? tools = null) =>
        GeminiPayload.Format(JsonNode.Parse(messages), system, temperature, max, tools).ToJsonString(HttpResults.JsonOptions);

    [Fact]
    public void Format_RolesMappedAndConsecutiveUsersJoinedWithASpace()
    {
        Assert.Equal(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"a b c\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"d\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"e\"}]}],"
            + "\"generation_config\":{\"temperature\":0}," + Safety + "}",
            Format("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"system\",\"content\":\"b\"},{\"role\":\"human\",\"content\":\"c\"},{\"role\":\"assistant\",\"content\":\"d\"},{\"role\":\"assistant\",\"content\":\"e\"}]"));
    }

    [Fact]
    public void Format_PreformattedPartsKeptAndAFollowingUserMessageAppendedToThem()
    {
        Assert.Equal(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"pre more\"},{\"inlineData\":{}}]}],\"generation_config\":{\"temperature\":0}," + Safety + "}",
            Format("[{\"role\":\"user\",\"parts\":[{\"text\":\"pre\"},{\"inlineData\":{}}]},{\"role\":\"user\",\"content\":\"more\"}]"));
    }

    [Fact]
    public void Format_SystemInstructionMaxTokensAndToolConfigInKibanasKeyOrder()
    {
        Assert.Equal(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]}],\"generation_config\":{\"temperature\":0.3,\"maxOutputTokens\":256},"
            + "\"system_instruction\":{\"parts\":[{\"text\":\"sys\"}]},\"tool_config\":{\"function_calling_config\":{\"mode\":\"NONE\"}}," + Safety + "}",
            Format("[{\"role\":\"user\",\"content\":\"q\"}]", "sys", 0.3, 256, new GeminiToolConfig { Mode = GeminiToolMode.None }));
    }

    [Fact]
    public void Format_MessagesNotAnArray_JavaScriptsTypeError()
    {
        var error = Assert.Throws<SubActionException>(() => GeminiPayload.Format(null, null, 0, null, null));

        Assert.Equal("messages is not iterable", error.Message);
    }

    [Theory]
    [InlineData(null, 400, "Bad Request", "Unexpected API Error: ECONNREFUSED - connect ECONNREFUSED 127.0.0.1:1")]
    [InlineData("{\"error\":{\"code\":400,\"message\":\"Invalid value\",\"status\":\"INVALID_ARGUMENT\"}}", 400, "Bad Request", "API Error: INVALID_ARGUMENT: Invalid value")]
    [InlineData("{\"error\":{\"message\":\"m\"}}", 404, "Not Found", "API Error: m")]
    [InlineData("{\"message\":\"The requested operation is not recognized by the service.\"}", 400, "Bad Request", "API Error: The requested operation is not recognized by the service.")]
    [InlineData("{\"message\":\"expired\"}", 401, "Unauthorized", "Unauthorized API Error: expired")]
    [InlineData("{}", 401, "Unauthorized", "Unauthorized API Error")]
    [InlineData("{\"message\":\"slow down\"}", 429, "Too Many Requests", "API Error: Too Many Requests - slow down")]
    public void ErrorMessage_AsGetResponseErrorMessage(string? body, int status, string statusText, string expected)
    {
        var failure = body is null
            ? new LlmHttpFailure(null, string.Empty, null, "ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1")
            : new LlmHttpFailure(status, statusText, JsonNode.Parse(body), null, $"Request failed with status code {status}");

        Assert.Equal(expected, GeminiConnector.ErrorMessage(failure));
    }

    [Theory]
    [InlineData("\"{\\\"a\\\":1}\"", "{\"a\":1}")]
    [InlineData("\"\"", "{}")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("{}", "{}")]
    [InlineData("5", "{}")]
    public void BodyText_AsAxiosSendsTheRunBody(string body, string expected) =>
        Assert.Equal(expected, GeminiConnector.BodyText(JsonNode.Parse(body)));
}

public sealed class GeminiSecretsTests
{
    [Theory]
    [InlineData("{\"type\":\"service_account\"}", null)]
    [InlineData("{}", "Invalid credential type. Only \"service_account\" credentials are supported. Type was \"undefined\".")]
    [InlineData("[1]", "Invalid credential type. Only \"service_account\" credentials are supported. Type was \"undefined\".")]
    [InlineData("", "Google Service Account credentials JSON is required.")]
    [InlineData("{", "Invalid JSON format for credentials.")]
    public void ValidateSecrets_AsValidateGeminiSecrets(string credentials, string? expected) =>
        Assert.Equal(expected, GeminiConnector.ValidateSecrets(new GeminiSecrets { CredentialsJson = credentials }, null!)?.Message);
}
