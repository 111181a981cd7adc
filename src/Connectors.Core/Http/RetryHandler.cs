using Polly;

namespace Connectors.Internal;

/// <summary>
/// Transient retries through a Polly pipeline (<see cref="Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions"/>),
/// entered only when needed: the first attempt is sent directly, and only an outcome the strategy would retry takes the
/// request into the pipeline, which gets that outcome back as its own first attempt (not sent again). Delays, jitter,
/// <c>Retry-After</c>, attempt counting and the give-up outcome are therefore exactly the pipeline's, while a request
/// that succeeds (or fails for good) the first time pays for no resilience context and no pipeline frames.
/// </summary>
internal sealed class RetryHandler(ResiliencePipeline<HttpResponseMessage> pipeline, Func<Outcome<HttpResponseMessage>, bool> shouldRetry)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Outcome<HttpResponseMessage> first;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            first = Outcome.FromResult(response);
            if (!shouldRetry(first))
            {
                return response;
            }
        }
        catch (Exception ex) when (shouldRetry(Outcome.FromException<HttpResponseMessage>(ex)))
        {
            first = Outcome.FromException<HttpResponseMessage>(ex);
        }

        return await RetryAsync(request, first, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> RetryAsync(HttpRequestMessage request, Outcome<HttpResponseMessage> first, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var state = new Attempts(this, request, first);
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    if (state.TakeFirst() is { } replayed)
                    {
                        return replayed;
                    }

                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendAgainAsync(state.Request, context.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                state).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendAgainAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    /// <summary>The pipeline's attempts: the first one's outcome, already known, then real sends.</summary>
    private sealed class Attempts(RetryHandler handler, HttpRequestMessage request, Outcome<HttpResponseMessage> first)
    {
        private Outcome<HttpResponseMessage>? first = first;

        public RetryHandler Handler { get; } = handler;

        public HttpRequestMessage Request { get; } = request;

        public Outcome<HttpResponseMessage>? TakeFirst()
        {
            var taken = first;
            first = null;
            return taken;
        }
    }
}
