namespace Connectors;

/// <summary>One validation failure: the field it concerns and a message that names it.</summary>
/// <param name="Field">The field path (for example <c>url</c> or <c>headers.x-token</c>); empty when the failure concerns the whole object.</param>
/// <param name="Message">The message, for example <c>[url]: expected value of type [string] but got [undefined]</c>.</param>
public sealed record ConnectorValidationError(string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
