namespace Connectors.ConnectorTypes.ServiceNow;

/// <summary>Constants shared by the three ServiceNow types (<c>servicenow/constants.ts</c>, <c>lib/servicenow/config.ts</c>).</summary>
internal static class ServiceNowConstants
{
    public const string DefaultAlertsGroupingKey = "{{rule.id}}:{{alert.id}}";
    public const string FieldPrefix = "u_";
    public const int MaxAdditionalFields = 20;
    public const string ClosedState = "7";
    public const string CommentFieldKey = "work_notes";

    /// <summary>The common incident attributes: names <c>additional_fields</c> may not use.</summary>
    public static readonly string[] CommonAttributes =
        ["short_description", "description", "externalId", "category", "subcategory", "correlation_id", "correlation_display", "additional_fields"];
}

/// <summary>Per-type service settings: the table, the import set table, the app scope and whether the Import Set API is possible.</summary>
internal sealed record ServiceNowTypeSettings(string Table, string ImportSetTable, string AppScope, bool UseImportApi)
{
    public static ServiceNowTypeSettings Itsm { get; } = new("incident", "x_elas2_inc_int_elastic_incident", "x_elas2_inc_int", true);

    public static ServiceNowTypeSettings Sir { get; } = new("sn_si_incident", "x_elas2_sir_int_elastic_si_incident", "x_elas2_sir_int", true);

    public static ServiceNowTypeSettings Itom { get; } = new("em_event", "x_elas2_inc_int_elastic_incident", "x_elas2_inc_int", false);
}
