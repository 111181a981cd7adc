namespace Connectors.Templating.Internal;

/// <summary>The value of <c>array.asJSON</c> in Kibana-compatible mode: renders as the array's JSON.</summary>
internal sealed class ArrayAsJson(object array)
{
    public object Array { get; } = array;
}
