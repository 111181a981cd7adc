namespace Connectors;

/// <summary>The email policy (<c>xpack.actions.email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>
    /// When set, every sender and recipient domain must be in this list (case-insensitive, no subdomain matching)
    /// (<c>xpack.actions.email.domain_allowlist</c>). <see langword="null"/>: no restriction; empty: nothing allowed.
    /// </summary>
    public IList<string>? DomainAllowlist { get; set; }

    /// <summary>
    /// When set, every recipient address must match one of these patterns (<c>*</c> matches any text,
    /// case-insensitive) (<c>xpack.actions.email.recipient_allowlist</c>).
    /// </summary>
    public IList<string>? RecipientAllowlist { get; set; }
}
