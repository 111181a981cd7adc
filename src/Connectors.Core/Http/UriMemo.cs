namespace Connectors.Internal;

/// <summary>
/// Remembers the <see cref="Uri"/> parsed for the last text it was asked for, so a connector that posts to the same
/// URL on every execute parses it once (a <see cref="Uri"/> is immutable and safe to share between requests).
/// </summary>
internal sealed class UriMemo
{
    private Entry? last;

    /// <summary>The URI for <paramref name="text"/>, parsed as <see cref="HttpRequestMessage"/> parses a string.</summary>
    public Uri Get(string text)
    {
        var entry = last;
        if (entry is not null && string.Equals(entry.Text, text, StringComparison.Ordinal))
        {
            return entry.Uri;
        }

        var uri = new Uri(text, UriKind.RelativeOrAbsolute);
        last = new Entry(text, uri);
        return uri;
    }

    private sealed record Entry(string Text, Uri Uri);
}
