namespace Connectors.Internal;

/// <summary>An outbound request or redirect to a host the policy does not allow. Never retried.</summary>
internal sealed class HostNotAllowedException(string message) : HttpRequestException(message);

/// <summary>A response body larger than <see cref="ConnectorsOptions.MaxResponseContentLength"/>. Never retried.</summary>
internal sealed class ResponseTooLargeException(long limit)
    : HttpRequestException($"maxContentLength size of {limit} exceeded");

/// <summary>A request that took longer than <see cref="ConnectorsOptions.ResponseTimeout"/> (axios's <c>ECONNABORTED</c>).</summary>
internal sealed class ResponseTimeoutException(TimeSpan timeout)
    : HttpRequestException($"timeout of {(long)timeout.TotalMilliseconds}ms exceeded");

/// <summary>More redirects than allowed.</summary>
internal sealed class TooManyRedirectsException(int max) : HttpRequestException($"Maximum number of redirects exceeded ({max})");

/// <summary>A request or redirect to a scheme other than http and https (axios's <c>ERR_BAD_REQUEST</c>). Never retried.</summary>
internal sealed class UnsupportedProtocolException(string scheme) : HttpRequestException($"Unsupported protocol {scheme}:");
