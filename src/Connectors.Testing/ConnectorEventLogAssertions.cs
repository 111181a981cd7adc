using System.Globalization;

namespace Connectors.Testing;

/// <summary>Assertions over <see cref="IConnectorEventLog"/> that work with any test framework (a failure throws <see cref="InvalidOperationException"/>).</summary>
public static class ConnectorEventLogAssertions
{
    /// <summary>Asserts that an event matching the filter exists and returns the latest one.</summary>
    /// <param name="eventLog">The event log.</param>
    /// <param name="action">The action, for example <see cref="ConnectorEventActions.Execute"/>.</param>
    /// <param name="connectorId">The connector id, or <see langword="null"/> for any.</param>
    /// <param name="outcome">The outcome (<c>success</c>, <c>failure</c>), or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The latest matching event.</returns>
    /// <exception cref="InvalidOperationException">No event matches; the message lists the events there are.</exception>
    public static async Task<ConnectorEvent> ShouldContainEventAsync(
        this IConnectorEventLog eventLog,
        string action,
        string? connectorId = null,
        string? outcome = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventLog);
        ArgumentNullException.ThrowIfNull(action);
        var matches = await QueryAsync(eventLog, action, connectorId, outcome, cancellationToken).ConfigureAwait(false);
        if (matches.Count > 0)
        {
            return matches.MaxBy(e => e.Timestamp)!;
        }

        var all = await eventLog.QueryAsync(new ConnectorEventQuery(), cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException(
            $"Expected an event {Describe(action, connectorId, outcome)}, but the event log has {all.Count}:"
            + string.Concat(all.Select(e => $"\n  {e.Action} {e.ConnectorId} {e.Outcome} {e.Message}")));
    }

    /// <summary>Asserts that no event matches the filter.</summary>
    /// <param name="eventLog">The event log.</param>
    /// <param name="action">The action.</param>
    /// <param name="connectorId">The connector id, or <see langword="null"/> for any.</param>
    /// <param name="outcome">The outcome, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>A task that completes when the assertion has run.</returns>
    /// <exception cref="InvalidOperationException">An event matches.</exception>
    public static async Task ShouldNotContainEventAsync(
        this IConnectorEventLog eventLog,
        string action,
        string? connectorId = null,
        string? outcome = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventLog);
        ArgumentNullException.ThrowIfNull(action);
        var matches = await QueryAsync(eventLog, action, connectorId, outcome, cancellationToken).ConfigureAwait(false);
        if (matches.Count > 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Expected no event {Describe(action, connectorId, outcome)}, but found {matches.Count}: {matches[0].Message}"));
        }
    }

    /// <summary>Counts the events that match the filter.</summary>
    /// <param name="eventLog">The event log.</param>
    /// <param name="action">The action.</param>
    /// <param name="connectorId">The connector id, or <see langword="null"/> for any.</param>
    /// <param name="outcome">The outcome, or <see langword="null"/> for any.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count.</returns>
    public static async Task<int> CountEventsAsync(
        this IConnectorEventLog eventLog,
        string action,
        string? connectorId = null,
        string? outcome = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventLog);
        ArgumentNullException.ThrowIfNull(action);
        return (await QueryAsync(eventLog, action, connectorId, outcome, cancellationToken).ConfigureAwait(false)).Count;
    }

    private static ValueTask<IReadOnlyList<ConnectorEvent>> QueryAsync(
        IConnectorEventLog eventLog, string action, string? connectorId, string? outcome, CancellationToken cancellationToken) =>
        eventLog.QueryAsync(
            new ConnectorEventQuery { Action = action, ConnectorId = connectorId, Outcome = outcome, Limit = int.MaxValue },
            cancellationToken);

    private static string Describe(string action, string? connectorId, string? outcome) =>
        $"'{action}'" + (connectorId is null ? string.Empty : $" for '{connectorId}'") + (outcome is null ? string.Empty : $" with outcome '{outcome}'");
}
