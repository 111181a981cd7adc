namespace Connectors.Templating.Internal;

/// <summary>The kinds of node in a parsed template.</summary>
internal enum NodeKind : byte
{
    Text,
    Variable,
    Section,
    Inverted,
    Partial,
    Block,
    Parent,
}
