namespace Connectors.Templating.Internal;

/// <summary>How the engine sees a value, whatever its .NET shape.</summary>
internal enum ValueKind : byte
{
    Null,
    String,
    Bool,
    Number,
    Array,
    Object,
    Lambda,
    Other,
}
