using Connectors.Internal;

namespace Connectors.Core.Tests.Policy;

public sealed class EmailAddressValidatorTests
{
    private static readonly string[] Allowlist = ["elastic.co", "dev.elastic.co", "found.no"];

    [Theory]
    [InlineData("bob@elastic.co", null)]
    [InlineData("\"Dr Tom\" <tom@elastic.co>", null)]
    [InlineData("jim@dev.elastic.co", null)]
    [InlineData("rex@found.no", null)]
    [InlineData("bob@ELASTIC.co", null)]
    [InlineData("sal@alerting.dev.elastic.co", "not allowed emails: sal@alerting.dev.elastic.co")]
    [InlineData("nancy@example.com", "not allowed emails: nancy@example.com")]
    [InlineData("\"Dr RFC 5322\" <dr@rfc5322.org>", "not allowed emails: \"Dr RFC 5322\" <dr@rfc5322.org>")]
    [InlineData("totally invalid", "not valid emails: totally invalid")]
    [InlineData("{{sneaky}}", "not valid emails: {{sneaky}}")]
    [InlineData("Team: bob@elastic.co, rex@found.no;", null)]
    [InlineData("Team: bob@elastic.co, eve@evil.test;", "not allowed emails: Team: bob@elastic.co, eve@evil.test;")]
    public void Validate_WithDomainAllowlist_MatchesKibanasVectors(string address, string? expected) =>
        Assert.Equal(expected, EmailAddressValidator.Validate(Allowlist, null, [address], isSender: false, treatTemplatesAsValid: false));

    [Fact]
    public void Validate_TemplatesAsValid_AcceptsMustache() =>
        Assert.Null(EmailAddressValidator.Validate(Allowlist, null, ["{{sneaky}}"], false, treatTemplatesAsValid: true));

    [Theory]
    [InlineData("bob@elastic.co", false, "not allowed emails: bob@elastic.co")]
    [InlineData("not an email", false, "not valid emails: not an email")]
    [InlineData("foo.bar@elastic.co", false, "not allowed emails: foo.bar@elastic.co")]
    [InlineData("user@mydomain.com", false, null)]
    [InlineData("admin-network@example.com", false, null)]
    [InlineData("foo.bar@test.com", false, null)]
    [InlineData("sender@foo.com", true, null)]
    public void Validate_WithRecipientAllowlist_MatchesKibanasVectors(string address, bool isSender, string? expected) =>
        Assert.Equal(expected, EmailAddressValidator.Validate(
            null, ["admin-*@example.com", "*@mydomain.com", "foo.*@test.com"], [address], isSender, false));

    [Theory]
    [InlineData("dev-list@example.com", true)]
    [InlineData("users@mydomain.com", true)]
    [InlineData("foo.bar@test.com", true)]
    [InlineData("dev-group@example.com", false)]
    [InlineData("users@sub.mydomain.com", false)]
    [InlineData("foobar@test.com", false)]
    [InlineData("foo@bar.com", false)]
    public void MatchesPattern_IsAnchoredCaseInsensitiveWildcard(string address, bool expected) =>
        Assert.Equal(expected, new[] { "*-list@example.com", "*@mydomain.com", "foo.*@test.com" }
            .Any(p => EmailAddressValidator.MatchesPattern(address, p)));

    [Fact]
    public void Validate_EmptyDomainAllowlist_AllowsNothingWellFormed()
    {
        var message = EmailAddressValidator.Validate(
            [],
            null,
            ["bob@elastic.co", "jim@elastic.co", "invalid-email-address", "hal@bad.com", "(garbage)", "lou@notgood.org"],
            false,
            false);
        Assert.Equal(
            "not valid emails: invalid-email-address, (garbage); not allowed emails: bob@elastic.co, jim@elastic.co, hal@bad.com, lou@notgood.org",
            message);
    }

    [Theory]
    [InlineData("-bob@elastic.co")]
    [InlineData("bob.@elastic.co")]
    [InlineData("user@localhost")]
    [InlineData("@elastic.co")]
    [InlineData("a@@elastic.co")]
    [InlineData("a@elastic..co")]
    [InlineData("a@-elastic.co")]
    [InlineData("a@ela stic.co")]
    public void Validate_MalformedAddresses_AreInvalid(string address) =>
        Assert.Equal($"not valid emails: {address}", EmailAddressValidator.Validate(null, null, [address], false, false));

    [Theory]
    [InlineData("\"quoted local\"@elastic.co")]
    [InlineData("o'hara@elastic.co")]
    [InlineData("bob @ elastic.co")]
    public void Validate_UnusualButValidAddresses_AreValid(string address) =>
        Assert.Null(EmailAddressValidator.Validate(null, null, [address], false, false));
}
