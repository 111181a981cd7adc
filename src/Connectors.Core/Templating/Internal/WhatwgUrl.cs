namespace Connectors.Templating.Internal;

/// <summary>
/// An approximation of WHATWG's "can <c>new URL(s)</c> parse this" used by the Slack escape.
/// </summary>
/// <remarks>
/// WHATWG trims leading and trailing C0 controls and spaces, then needs a scheme (<c>[A-Za-z][A-Za-z0-9+.-]*:</c>).
/// A non-special scheme (anything but http, https, ws, wss, ftp, file) accepts almost any rest, so it is
/// treated as parseable. A special scheme needs a valid host: that part is approximated with
/// <see cref="Uri.TryCreate(string, UriKind, out Uri)"/> (absolute) and a non-empty host (except <c>file:</c>).
/// </remarks>
internal static class WhatwgUrl
{
    public static bool CanParse(ReadOnlySpan<char> value)
    {
        var s = value.Trim(" \t\n\r\f\v\0");
        if (s.Length == 0 || !char.IsAsciiLetter(s[0]))
        {
            return false;
        }

        var colon = -1;
        for (var i = 1; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ':')
            {
                colon = i;
                break;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        if (colon < 0)
        {
            return false;
        }

        var scheme = s[..colon];
        var special = scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("ws", StringComparison.OrdinalIgnoreCase) || scheme.Equals("wss", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("ftp", StringComparison.OrdinalIgnoreCase);
        var file = scheme.Equals("file", StringComparison.OrdinalIgnoreCase);
        if (!special && !file)
        {
            return true;
        }

        if (!Uri.TryCreate(s.ToString(), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return file || uri.Host.Length > 0;
    }
}
