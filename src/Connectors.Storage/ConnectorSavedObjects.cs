using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors;

/// <summary>
/// Export and import of a space's connectors in Kibana's saved-object NDJSON shape (one <c>{"type":"action",…}</c>
/// object a line, then the export summary line), so files move between Kibana and a .NET host. Export strips secrets;
/// an imported connector is missing its secrets until an update supplies them, and cannot run until then.
/// </summary>
public static class ConnectorSavedObjects
{
    private const string SavedObjectType = "action";

    /// <summary>Writes a space's connectors, secrets stripped, as NDJSON.</summary>
    /// <param name="store">The store.</param>
    /// <param name="spaceId">The space.</param>
    /// <param name="output">Receives UTF-8 NDJSON; left open.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many connectors were exported.</returns>
    public static async Task<int> ExportAsync(IConnectorStore store, string spaceId, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spaceId);
        ArgumentNullException.ThrowIfNull(output);
        var records = await store.ListAsync(spaceId, cancellationToken).ConfigureAwait(false);
        var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            foreach (var record in records.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                var line = new JsonObject
                {
                    ["attributes"] = new JsonObject
                    {
                        ["actionTypeId"] = record.ConnectorTypeId,
                        ["config"] = record.Config.DeepClone(),
                        // Kibana: a connector that had secrets needs them again after import.
                        ["isMissingSecrets"] = record.IsMissingSecrets || record.Secrets.Count > 0,
                        ["name"] = record.Name,
                        ["secrets"] = new JsonObject(),
                    },
                    ["created_at"] = record.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    ["id"] = record.Id,
                    ["managed"] = false,
                    ["references"] = new JsonArray(),
                    ["type"] = SavedObjectType,
                    ["updated_at"] = record.UpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                };
                await writer.WriteLineAsync(line.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            var summary = new JsonObject
            {
                ["excludedObjects"] = new JsonArray(),
                ["excludedObjectsCount"] = 0,
                ["exportedCount"] = records.Count,
                ["missingRefCount"] = 0,
                ["missingReferences"] = new JsonArray(),
            };
            await writer.WriteLineAsync(summary.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return records.Count;
    }

    /// <summary>
    /// Reads Kibana saved-object NDJSON and stores its <c>action</c> objects in a space, without secrets: each imported
    /// connector reports <see cref="ConnectorRecord.IsMissingSecrets"/> until an update supplies them. Other object types
    /// and the export summary line are ignored.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="spaceId">The space to import into.</param>
    /// <param name="input">UTF-8 NDJSON.</param>
    /// <param name="overwrite">Whether to replace connectors the space already has (otherwise they are reported as conflicts).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was imported, and Kibana's warnings.</returns>
    /// <exception cref="ConnectorValidationException">A line is not a JSON object, or an action object lacks its id, name or type.</exception>
    public static async Task<ConnectorImportResult> ImportAsync(
        IConnectorStore store, string spaceId, Stream input, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spaceId);
        ArgumentNullException.ThrowIfNull(input);
        List<string> imported = [], conflicts = [];
        var missingSecrets = 0;
        using var reader = new StreamReader(input, Encoding.UTF8, leaveOpen: true);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject? node;
            try
            {
                node = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                node = null;
            }

            if (node is null)
            {
                throw new ConnectorValidationException($"line {lineNumber} of the import is not a JSON object");
            }

            if (node["type"]?.GetValueKind() != JsonValueKind.String || node["type"]!.GetValue<string>() != SavedObjectType)
            {
                continue;
            }

            var record = ToRecord(node, spaceId, lineNumber);
            var existing = await store.GetAsync(spaceId, record.Id, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                try
                {
                    await store.CreateAsync(record, cancellationToken).ConfigureAwait(false);
                }
                catch (ConnectorConflictException)
                {
                    conflicts.Add(record.Id);
                    continue;
                }
            }
            else if (overwrite)
            {
                await store.UpdateAsync(record, existing.Version, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                conflicts.Add(record.Id);
                continue;
            }

            imported.Add(record.Id);
            if (record.IsMissingSecrets)
            {
                missingSecrets++;
            }
        }

        List<string> warnings = [];
        if (missingSecrets > 0)
        {
            warnings.Add(missingSecrets == 1
                ? "1 connector has sensitive information that require updates."
                : $"{missingSecrets} connectors have sensitive information that require updates.");
        }

        return new ConnectorImportResult { Imported = imported, Conflicts = conflicts, Warnings = warnings };
    }

    private static ConnectorRecord ToRecord(JsonObject node, string spaceId, int lineNumber)
    {
        var attributes = node["attributes"] as JsonObject;
        string Required(JsonNode? value, string field) =>
            value?.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
                ? text
                : throw new ConnectorValidationException($"line {lineNumber} of the import: the action saved object has no {field}");

        return new ConnectorRecord
        {
            Id = Required(node["id"], "id"),
            SpaceId = spaceId,
            Name = Required(attributes?["name"], "attributes.name"),
            ConnectorTypeId = Required(attributes?["actionTypeId"], "attributes.actionTypeId"),
            Config = attributes?["config"] is JsonObject config ? config.DeepClone().AsObject() : [],
            Secrets = [],
            // Secrets never travel in an export: the connector needs them again, whatever the file says.
            IsMissingSecrets = true,
        };
    }
}
