using System.Text;
using System.Text.RegularExpressions;

namespace Connectors.Internal;

/// <summary>
/// Kibana's <c>validateEmailAddresses</c>: each entry is parsed as an RFC 5322 address list (display names and
/// groups allowed); a domain allowlist and a recipient allowlist (wildcards) may refuse what parses.
/// Domains are compared case-insensitively, beyond Kibana.
/// </summary>
internal static partial class EmailAddressValidator
{
    public static string? Validate(
        IEnumerable<string>? allowedDomains,
        IEnumerable<string>? recipientAllowlist,
        IEnumerable<string> addresses,
        bool isSender,
        bool treatTemplatesAsValid)
    {
        HashSet<string>? domains = allowedDomains is null ? null : new(allowedDomains, StringComparer.OrdinalIgnoreCase);
        var patterns = recipientAllowlist?.ToArray();
        var invalid = new List<string>();
        var notAllowed = new List<string>();
        foreach (var address in addresses)
        {
            switch (Check(domains, patterns, address, isSender, treatTemplatesAsValid))
            {
                case Verdict.Invalid:
                    invalid.Add(address);
                    break;
                case Verdict.NotAllowed:
                    notAllowed.Add(address);
                    break;
            }
        }

        return Message(invalid, notAllowed);
    }

    public static string? Message(IReadOnlyCollection<string> invalid, IReadOnlyCollection<string> notAllowed)
    {
        var parts = new List<string>(2);
        if (invalid.Count > 0)
        {
            parts.Add($"not valid emails: {string.Join(", ", invalid)}");
        }

        if (notAllowed.Count > 0)
        {
            parts.Add($"not allowed emails: {string.Join(", ", notAllowed)}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    public static bool MatchesPattern(string address, string pattern)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(address, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Parses an RFC 5322 address list into its mailboxes' addr-specs; <see langword="null"/> when it does not parse.</summary>
    public static List<(string Local, string Domain)>? ParseList(string value)
    {
        var mailboxes = new List<(string, string)>();
        var items = SplitTopLevel(value, ',', allowGroups: true);
        if (items is null)
        {
            return null;
        }

        foreach (var raw in items)
        {
            var item = raw.Trim();
            if (item.Length == 0)
            {
                return null;
            }

            var colon = IndexOfTopLevel(item, ':');
            var angle = IndexOfTopLevel(item, '<');
            if (colon >= 0 && (angle < 0 || colon < angle))
            {
                if (!item.EndsWith(';'))
                {
                    return null;
                }

                var members = item[(colon + 1)..^1];
                if (members.Trim().Length == 0)
                {
                    continue;
                }

                var inner = SplitTopLevel(members, ',', allowGroups: false);
                if (inner is null)
                {
                    return null;
                }

                foreach (var member in inner)
                {
                    if (ParseMailbox(member.Trim()) is not { } box)
                    {
                        return null;
                    }

                    mailboxes.Add(box);
                }

                continue;
            }

            if (ParseMailbox(item) is not { } mailbox)
            {
                return null;
            }

            mailboxes.Add(mailbox);
        }

        return mailboxes.Count == 0 ? null : mailboxes;
    }

    private static Verdict Check(HashSet<string>? domains, string[]? patterns, string address, bool isSender, bool treatTemplatesAsValid)
    {
        if (treatTemplatesAsValid && TemplatePattern().IsMatch(address))
        {
            return Verdict.Valid;
        }

        var mailboxes = ParseList(address);
        if (mailboxes is null)
        {
            return Verdict.Invalid;
        }

        if (domains is not null && mailboxes.Any(m => !domains.Contains(m.Domain)))
        {
            return Verdict.NotAllowed;
        }

        if (!isSender && patterns is not null
            && mailboxes.Any(m => !patterns.Any(p => MatchesPattern($"{m.Local}@{m.Domain}", p))))
        {
            return Verdict.NotAllowed;
        }

        return Verdict.Valid;
    }

    private static (string Local, string Domain)? ParseMailbox(string item)
    {
        if (item.Length == 0)
        {
            return null;
        }

        var angle = IndexOfTopLevel(item, '<');
        if (angle >= 0)
        {
            if (!item.EndsWith('>'))
            {
                return null;
            }

            var phrase = item[..angle].Trim();
            if (!IsPhrase(phrase))
            {
                return null;
            }

            return ParseAddrSpec(item[(angle + 1)..^1].Trim());
        }

        return ParseAddrSpec(item);
    }

    private static (string Local, string Domain)? ParseAddrSpec(string spec)
    {
        var at = spec.LastIndexOf('@');
        if (at <= 0 || at == spec.Length - 1)
        {
            return null;
        }

        var local = spec[..at].TrimEnd();
        var domain = spec[(at + 1)..].TrimStart();
        if (!IsLocalPart(local) || !IsDomain(domain))
        {
            return null;
        }

        return (local, domain);
    }

    private static bool IsLocalPart(string local)
    {
        if (local.Length >= 2 && local[0] == '"' && local[^1] == '"')
        {
            return true;
        }

        if (local.Length == 0 || local[0] is '.' or '-' || local[^1] is '.' or '-' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsLetterOrDigit(c) || c == '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDomain(string domain)
    {
        var labels = domain.Split('.');
        if (labels.Length < 2)
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsPhrase(string phrase)
    {
        if (phrase.Length == 0)
        {
            return true;
        }

        var inQuote = false;
        for (var i = 0; i < phrase.Length; i++)
        {
            var c = phrase[i];
            if (c == '\\' && inQuote)
            {
                i++;
                continue;
            }

            if (c == '"')
            {
                inQuote = !inQuote;
                continue;
            }

            if (!inQuote && c is '<' or '>' or '@' or ',' or ';' or ':' or '[' or ']')
            {
                return false;
            }
        }

        return !inQuote;
    }

    private static int IndexOfTopLevel(string s, char target)
    {
        var inQuote = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && inQuote)
            {
                i++;
            }
            else if (c == '"')
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && c == target)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<string>? SplitTopLevel(string s, char separator, bool allowGroups)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        bool inQuote = false, inAngle = false, inGroup = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (inQuote)
            {
                current.Append(c);
                if (c == '\\' && i + 1 < s.Length)
                {
                    current.Append(s[++i]);
                }
                else if (c == '"')
                {
                    inQuote = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuote = true;
                    break;
                case '<':
                    inAngle = true;
                    break;
                case '>':
                    inAngle = false;
                    break;
                case ':' when allowGroups && !inAngle:
                    inGroup = true;
                    break;
                case ';' when inGroup:
                    inGroup = false;
                    break;
            }

            if (c == separator && !inAngle && !inGroup)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (inQuote || inAngle || inGroup)
        {
            return null;
        }

        parts.Add(current.ToString());
        return parts;
    }

    [GeneratedRegex(@"\{\{((.|\n)*)\}\}")]
    private static partial Regex TemplatePattern();

    private enum Verdict
    {
        Valid,
        Invalid,
        NotAllowed,
    }
}
