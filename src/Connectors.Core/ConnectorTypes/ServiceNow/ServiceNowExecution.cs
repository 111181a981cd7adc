using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>What the three ServiceNow executors share: the push flow, the incident fields and the grouping-key default.</summary>
internal static class ServiceNowExecution
{
    /// <summary>
    /// pushToService (<c>lib/servicenow/api.ts</c>): update by <c>externalId</c> or create (with <c>caller_id</c> and
    /// <c>opened_by</c> = the basic-auth user), then one update per comment carrying it as <c>work_notes</c>.
    /// </summary>
    public static async Task<JsonObject> PushAsync(
        ServiceNowService service, JsonObject incident, string? externalId, List<ServiceNowComment>? comments, string? username, CancellationToken cancellationToken)
    {
        JsonObject result;
        if (externalId is not null)
        {
            result = await service.UpdateIncidentAsync(externalId, incident, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var create = (JsonObject)incident.DeepClone();
            create["caller_id"] = username;
            create["opened_by"] = username;
            result = await service.CreateIncidentAsync(create, cancellationToken).ConfigureAwait(false);
        }

        if (comments is { Count: > 0 })
        {
            var pushed = new JsonArray();
            foreach (var comment in comments)
            {
                var update = (JsonObject)incident.DeepClone();
                update[ServiceNowConstants.CommentFieldKey] = comment.Comment;
                await service.UpdateIncidentAsync(ServiceNowService.Text(result["id"])!, update, cancellationToken).ConfigureAwait(false);
                pushed.Add(new JsonObject { ["commentId"] = comment.CommentId, ["pushedDate"] = result["pushedDate"]?.DeepClone() });
            }

            result["comments"] = pushed;
        }

        return result;
    }

    /// <summary>The incident as sent: the bound fields in schema order, without <c>externalId</c>, <c>additional_fields</c> parsed.</summary>
    public static JsonObject IncidentFields<T>(T incident, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, JsonNode? additionalFields)
    {
        var fields = JsonSerializer.SerializeToNode(incident, typeInfo)!.AsObject();
        fields.Remove("externalId");
        fields["additional_fields"] = ServiceNowValidation.AdditionalFields(additionalFields);
        return fields;
    }

    /// <summary>
    /// Alerting renders the default <c>{{rule.id}}:{{alert.id}}</c> grouping key: when the params omit
    /// (under its container), it is added before rendering.
    /// </summary>
    public static JsonObject AddDefaultGroupingKey(JsonObject parameters, IReadOnlyDictionary<string, (string? Container, string Field)> bySubAction)
    {
        if (parameters["subAction"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String
            || !bySubAction.TryGetValue(name.GetValue<string>(), out var target)
            || parameters["subActionParams"] is not JsonObject subActionParams)
        {
            return parameters;
        }

        var holder = target.Container is null ? subActionParams : subActionParams[target.Container] as JsonObject;
        if (holder is null || holder.ContainsKey(target.Field))
        {
            return parameters;
        }

        var copy = (JsonObject)parameters.DeepClone();
        var copyHolder = target.Container is null ? copy["subActionParams"]!.AsObject() : copy["subActionParams"]![target.Container]!.AsObject();
        copyHolder[target.Field] = ServiceNowConstants.DefaultAlertsGroupingKey;
        return copy;
    }
}
