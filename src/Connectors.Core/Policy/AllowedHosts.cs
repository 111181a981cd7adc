namespace Connectors.Internal;

/// <summary>Host extraction and matching for the allowed-hosts policy.</summary>
internal static class AllowedHosts
{
    public static bool IsAllowed(IList<string> allowed, string? hostname)
    {
        if (allowed.Contains("*"))
        {
            return true;
        }

        if (string.IsNullOrEmpty(hostname))
        {
            return false;
        }

        foreach (var entry in allowed)
        {
            if (string.Equals(entry, hostname, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (entry.StartsWith("*.", StringComparison.Ordinal)
                && hostname.Length > entry.Length - 1
                && hostname.EndsWith(entry.AsSpan(1), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The host of a URL as Node's legacy <c>url.parse(uri, false, true)</c> finds it: after <c>scheme://</c> or a
    /// leading <c>//</c>; none for <c>github.com/elastic</c>. Lower-cased, without user info or port.
    /// </summary>
    public static string? GetHostname(string? uri)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return null;
        }

        var s = uri.Trim().AsSpan();
        var start = -1;
        if (s.StartsWith("//"))
        {
            start = 2;
        }
        else
        {
            var colon = s.IndexOf(':');
            if (colon > 0 && IsScheme(s[..colon]) && s[(colon + 1)..].StartsWith("//"))
            {
                start = colon + 3;
            }
        }

        if (start < 0)
        {
            return null;
        }

        var authority = s[start..];
        var end = authority.IndexOfAny("/?#\\");
        if (end >= 0)
        {
            authority = authority[..end];
        }

        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            return close > 0 ? authority[1..close].ToString().ToLowerInvariant() : null;
        }

        var portSep = authority.IndexOf(':');
        if (portSep >= 0)
        {
            authority = authority[..portSep];
        }

        return authority.Length == 0 ? null : authority.ToString().ToLowerInvariant();
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
