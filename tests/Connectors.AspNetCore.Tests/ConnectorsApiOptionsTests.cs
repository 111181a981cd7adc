using System.Net;

namespace Connectors.AspNetCore.Tests;

/// <summary><see cref="ConnectorsApiOptions"/>: authentication required or not, policies set or not.</summary>
public sealed class ConnectorsApiOptionsTests
{
    [Fact]
    public async Task RequireAuthenticationFalse_WithoutPolicies_OpensTheApi()
    {
        await using var host = await ApiTestHost.StartAsync(api: o =>
        {
            o.RequireAuthentication = false;
            o.ReadPolicy = null;
            o.AllPolicy = null;
        });

        var created = await host.PostAsync("/api/actions/connector/log-1", """{"name":"Log","connector_type_id":".server-log","secrets":{}}""", privilege: null);
        var listed = await host.GetAsync("/api/actions/connectors", privilege: null);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
    }

    [Fact]
    public async Task WithoutPolicies_AnyAuthenticatedUserMayChangeConnectors()
    {
        await using var host = await ApiTestHost.StartAsync(api: o =>
        {
            o.ReadPolicy = null;
            o.AllPolicy = null;
        });

        var created = await host.PostAsync("/api/actions/connector/log-1", """{"name":"Log","connector_type_id":".server-log","secrets":{}}""", privilege: "none");
        var anonymous = await host.GetAsync("/api/actions/connectors", privilege: null);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Fact]
    public async Task ReadPolicyOnly_LeavesWritesToAnyAuthenticatedUser()
    {
        await using var host = await ApiTestHost.StartAsync(api: o => o.AllPolicy = null);

        var created = await host.PostAsync("/api/actions/connector/log-1", """{"name":"Log","connector_type_id":".server-log","secrets":{}}""", privilege: "none");
        var read = await host.GetAsync("/api/actions/connector/log-1", privilege: "none");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        read.AssertError(HttpStatusCode.Forbidden, "Forbidden", "Unauthorized to get actions");
    }
}
