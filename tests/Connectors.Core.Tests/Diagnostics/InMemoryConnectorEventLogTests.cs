using Connectors.Internal;
using Microsoft.Extensions.Options;

namespace Connectors.Core.Tests.Diagnostics;

public sealed class InMemoryConnectorEventLogTests
{
    private static InMemoryConnectorEventLog Log(int capacity = 10) =>
        new(Options.Create(new ConnectorsOptions { EventLogCapacity = capacity }));

    private static ConnectorEvent Full(int i) => new()
    {
        Timestamp = new DateTimeOffset(2026, 12, 4, 12, 0, i, TimeSpan.Zero),
        Action = ConnectorEventActions.Execute,
        Outcome = "failure",
        ExecutionId = $"exec-{i}",
        ConnectorId = $"c{i}",
        ConnectorTypeId = ".gen-ai",
        ConnectorName = "Model",
        SpaceId = "ops",
        IsPreconfigured = true,
        Message = "action execution failure: .gen-ai:c: Model",
        ErrorMessage = "an error occurred while running the action: boom",
        ErrorSource = ErrorSource.User,
        Start = new DateTimeOffset(2026, 12, 4, 11, 59, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(60),
        TokenUsage = new TokenUsage(1, 2, 3),
    };

    [Fact]
    public async Task Query_ReturnsEveryFieldOfEveryEventAsAppended()
    {
        // Guards the ring's copy of the fields: every property of ConnectorEvent must come back (record equality).
        var properties = typeof(ConnectorEvent).GetProperties().Where(p => p.CanWrite).ToList();
        var original = Full(1);
        Assert.All(properties, p => Assert.NotEqual(
            p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null,
            p.GetValue(original)));
        var log = Log();

        log.Append(original);
        var events = await log.QueryAsync(new ConnectorEventQuery());

        Assert.Equal(original, Assert.Single(events));
    }

    [Fact]
    public async Task Append_BeyondCapacity_KeepsTheLatestInOrder()
    {
        var log = Log(capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            log.Append(Full(i));
        }

        var events = await log.QueryAsync(new ConnectorEventQuery());

        Assert.Equal(["c2", "c3", "c4"], events.Select(e => e.ConnectorId));
    }

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")] // the pipeline's form: kept as a GUID value
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")] // uppercase: kept as text
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("exec-1")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Query_ReturnsTheExecutionIdTextAsAppended(string? executionId)
    {
        var log = Log();
        log.Append(Full(1) with { ExecutionId = executionId });

        var events = await log.QueryAsync(new ConnectorEventQuery());

        Assert.Equal(executionId, Assert.Single(events).ExecutionId);
    }

    [Fact]
    public void Compact_KeepsACanonicalExecutionIdAsAValue()
    {
        // The ring must not refer to each execute's young id string (every collection would promote it).
        var fields = ConnectorEventFields.From(Full(1) with { ExecutionId = "0f8fad5b-d9cb-469f-a165-70867728950e" }).Compact();

        Assert.Null(fields.ExecutionId);
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), fields.ExecutionGuid);
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", fields.ToEvent().ExecutionId);
    }

    [Fact]
    public void Compact_OfThePipelinesFields_KeepsTheValueItCarries()
    {
        var id = ExecutionIds.Next();
        var text = id.Text;
        var fields = new ConnectorEventFields
        {
            Action = ConnectorEventActions.Execute,
            ConnectorId = "c1",
            SpaceId = "default",
            ExecutionId = text,
            ExecutionGuid = id.Value,
        };

        var compact = fields.Compact();

        Assert.Null(compact.ExecutionId);
        Assert.Equal(id.Value, compact.ExecutionGuid);
        Assert.Equal(text, compact.ToEvent().ExecutionId);
        Assert.Same(text, fields.ToEvent().ExecutionId); // a text the fields carry is handed on as it is

        // The pipeline's fields carry the value only: every log gets its text.
        var valueOnly = fields with { ExecutionId = null };
        Assert.Equal(text, valueOnly.ToEvent().ExecutionId);
        Assert.Equal(text, valueOnly.Compact().ToEvent().ExecutionId);
    }
}
