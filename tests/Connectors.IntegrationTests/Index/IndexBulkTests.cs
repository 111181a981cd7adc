using System.Text.Json.Nodes;
using Connectors.TestUtilities;
using Connectors.TestUtilities.Elasticsearch;

namespace Connectors.IntegrationTests.Index;

public sealed class IndexBulkTests
{
    private static ConnectorsTestHost Host(BulkApiFake es, Action<ConnectorsOptions>? configure = null) => ConnectorsTestHost.Create(
        o =>
        {
            o.MaxAttempts = 1;
            o.ServiceUrls[".index"] = es.Url;
            configure?.Invoke(o);
        },
        fakeTime: true);

    private static Task<Connector> CreateAsync(ConnectorsTestHost host, JsonObject config) =>
        host.Registry.CreateAsync(new CreateConnectorRequest { Name = "audit", ConnectorTypeId = ".index", Config = config });

    private static Task<ConnectorResult> ExecuteAsync(ConnectorsTestHost host, Connector connector, JsonArray documents, object? variables = null) =>
        host.Registry.ExecuteAsync(new ExecuteRequest
        {
            ConnectorId = connector.Id,
            Params = new JsonObject { ["documents"] = documents },
            Variables = variables,
        });

    [Fact]
    public async Task Execute_TwoDocuments_SendsExactNdjsonOfCreateActions()
    {
        await using var es = await BulkApiFake.StartAsync();
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts-audit" });

        var result = await ExecuteAsync(host, connector, new JsonArray(
            new JsonObject { ["message"] = "CPU <high>", ["value"] = 91.5 },
            new JsonObject { ["nested"] = new JsonObject { ["tags"] = new JsonArray("a", "b") } }));

        Assert.Equal(ConnectorResultStatus.Ok, result.Status);
        var request = Assert.Single(es.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/alerts-audit/_bulk", request.Path);
        Assert.Equal("?refresh=false", request.QueryString);
        Assert.Equal("application/x-ndjson", request.Header("Content-Type"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal(
            "{\"create\":{}}\n{\"message\":\"CPU <high>\",\"value\":91.5}\n{\"create\":{}}\n{\"nested\":{\"tags\":[\"a\",\"b\"]}}\n",
            request.BodyText);
        Assert.Equal(
            "{\"errors\":false,\"took\":1,\"items\":[{\"create\":{\"_index\":\"alerts-audit\",\"_id\":\"doc-1\",\"_version\":1,\"result\":\"created\",\"status\":201}},"
            + "{\"create\":{\"_index\":\"alerts-audit\",\"_id\":\"doc-2\",\"_version\":1,\"result\":\"created\",\"status\":201}}]}",
            result.Data!.ToJsonString());
        Assert.Equal(2, es.Documents.Count);
    }

    [Fact]
    public async Task Execute_RefreshAndExecutionTimeField_RefreshTrueAndTimeStampedOverExistingValue()
    {
        await using var es = await BulkApiFake.StartAsync();
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts", ["refresh"] = true, ["executionTimeField"] = "@timestamp" });

        var result = await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["@timestamp"] = "old", ["a"] = 1 }));

        Assert.True(result.IsSuccess);
        var request = Assert.Single(es.Server.Requests);
        Assert.Equal("?refresh=true", request.QueryString);
        Assert.Equal("{\"create\":{}}\n{\"@timestamp\":\"2026-12-04T12:00:00.000Z\",\"a\":1}\n", request.BodyText);
    }

    [Fact]
    public async Task Execute_WithVariables_RendersDocumentStringsWithoutEscaping()
    {
        await using var es = await BulkApiFake.StartAsync();
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var result = await ExecuteAsync(
            host,
            connector,
            new JsonArray(new JsonObject { ["rule"] = "{{rule.name}}", ["host"] = "{{context.host}}", ["count"] = 3 }),
            new { rule = new { name = "CPU & memory" }, context = new { host = "web-1 <prod>" } });

        Assert.True(result.IsSuccess);
        Assert.Equal("{\"create\":{}}\n{\"rule\":\"CPU & memory\",\"host\":\"web-1 <prod>\",\"count\":3}\n", Assert.Single(es.Server.Requests).BodyText);
    }

    [Fact]
    public async Task Execute_ApiKeyConfigured_SentAsApiKeyAuthorization()
    {
        await using var es = await BulkApiFake.StartAsync();
        await using var host = Host(es, o => o.Index.ApiKey = "a2V5LWlkOmtleS1TRU5USU5FTA==");
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 }));

        Assert.Equal("ApiKey a2V5LWlkOmtleS1TRU5USU5FTA==", Assert.Single(es.Server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Execute_BasicCredentialsConfigured_SentAsBasicAuthorization()
    {
        await using var es = await BulkApiFake.StartAsync();
        await using var host = Host(es, o =>
        {
            o.Index.Username = "elastic";
            o.Index.Password = "changeme";
        });
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 }));

        Assert.Equal("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==", Assert.Single(es.Server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Execute_ItemsFail_ErrorNamingReasonsAndCauses()
    {
        await using var es = await BulkApiFake.StartAsync();
        es.FailItem = d => d["bad"] is null ? null
            : new BulkItemFailure(400, "mapper_parsing_exception", $"failed to parse field [bad] ({d["bad"]})", "For input string: \"x\"");
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var result = await ExecuteAsync(host, connector, new JsonArray(
            new JsonObject { ["ok"] = 1 },
            new JsonObject { ["bad"] = "x" },
            new JsonObject { ["bad"] = "y" }));

        Assert.Equal(ConnectorResultStatus.Error, result.Status);
        Assert.Equal("error indexing documents", result.Message);
        Assert.Equal(
            "failed to parse field [bad] (x);failed to parse field [bad] (y) (For input string: \"x\";For input string: \"x\")",
            result.ServiceMessage);
        Assert.Equal(ErrorSource.User, result.ErrorSource);
        Assert.Null(result.Retry);
        Assert.Single(es.Documents);
    }

    [Fact]
    public async Task Execute_ItemRejected429_ErrorWithRetryHint()
    {
        await using var es = await BulkApiFake.StartAsync();
        es.FailItem = _ => new BulkItemFailure(429, "es_rejected_execution_exception", "rejected execution of coordinating operation");
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var result = await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 }));

        Assert.Equal("error indexing documents", result.Message);
        Assert.Equal("rejected execution of coordinating operation", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Execute_ClusterAnswersTransientStatus_ErrorWithRetryHint(int status)
    {
        await using var es = await BulkApiFake.StartAsync();
        es.Server.Then(LoopbackServer.Json(status, "{\"error\":{\"type\":\"x\",\"reason\":\"cluster busy\"},\"status\":" + status + "}"));
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var result = await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 }));

        Assert.Equal("error indexing documents", result.Message);
        Assert.Equal($"[{status}] cluster busy", result.ServiceMessage);
        Assert.Equal(RetryHint.Later, result.Retry);
        Assert.Equal(ErrorSource.Framework, result.ErrorSource);
    }

    [Fact]
    public async Task Execute_ClusterAnswers403_ErrorWithoutRetry()
    {
        await using var es = await BulkApiFake.StartAsync();
        es.Server.Then(LoopbackServer.Json(403, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"action [indices:data/write/bulk] is unauthorized\"},\"status\":403}"));
        await using var host = Host(es);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var result = await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 }));

        Assert.Equal("[403] action [indices:data/write/bulk] is unauthorized", result.ServiceMessage);
        Assert.Null(result.Retry);
    }

    [Fact]
    public async Task Execute_ClusterHostNotAllowed_ErrorAndNoRequest()
    {
        await using var es = await BulkApiFake.StartAsync();
        await using var host = Host(es, o => o.AllowedHosts = ["es.example.com"]);
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var result = await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 }));

        Assert.Equal("error indexing documents", result.Message);
        Assert.Null(result.Retry);
        Assert.Empty(es.Server.Requests);
    }

    [Fact]
    public async Task Execute_FailuresWithCredentials_CredentialsNowhereInResultsLogsOrEvents()
    {
        const string password = "es-SENTINEL-password";
        await using var es = await BulkApiFake.StartAsync();
        es.Server.Then(LoopbackServer.Json(401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unable to authenticate user [elastic]\"},\"status\":401}"));
        es.FailItem = _ => new BulkItemFailure(400, "mapper_parsing_exception", "failed to parse");
        await using var host = Host(es, o =>
        {
            o.Index.Username = "elastic";
            o.Index.Password = password;
        });
        var connector = await CreateAsync(host, new JsonObject { ["index"] = "alerts" });

        var results = new[]
        {
            await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 1 })),
            await ExecuteAsync(host, connector, new JsonArray(new JsonObject { ["a"] = 2 })),
        };

        Assert.Equal(["[401] unable to authenticate user [elastic]", "failed to parse"], results.Select(r => r.ServiceMessage));
        var events = await host.EventLog.QueryAsync(new ConnectorEventQuery());
        var everything = string.Join(
            "\n",
            results.Select(r => System.Text.Json.JsonSerializer.Serialize(r))
                .Concat(events.Select(e => System.Text.Json.JsonSerializer.Serialize(e)))
                .Append(host.AllLogText()));
        Assert.DoesNotContain("SENTINEL", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("elastic:" + password)), everything, StringComparison.Ordinal);
    }
}
