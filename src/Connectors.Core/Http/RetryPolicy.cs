using Polly;

namespace Connectors.Internal;

/// <summary>
/// Transient retries through a Polly pipeline (<see cref="Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions"/>),
/// entered only when needed: <see cref="RedirectHandler"/> sends the first attempt itself, and only an outcome the strategy
/// would retry takes the request into the pipeline, which gets that outcome back as its own first attempt (not sent
/// again). Delays, jitter, <c>Retry-After</c>, attempt counting and the give-up outcome are therefore exactly the
/// pipeline's, while a request that succeeds (or fails for good) the first time pays for no resilience context and no
/// pipeline frames.
/// </summary>
internal sealed class RetryPolicy(ResiliencePipeline<HttpResponseMessage> pipeline, Func<Outcome<HttpResponseMessage>, bool> shouldRetry)
{
    /// <summary>Whether the strategy would retry after <paramref name="outcome"/>.</summary>
    public bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => shouldRetry(outcome);

    /// <summary>Runs the pipeline with <paramref name="first"/> as its first attempt's outcome and <paramref name="send"/> for the next ones.</summary>
    public async Task<HttpResponseMessage> RetryAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        HttpRequestMessage request,
        Outcome<HttpResponseMessage> first,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var state = new Attempts(send, request, first);
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    if (state.TakeFirst() is { } replayed)
                    {
                        return replayed;
                    }

                    try
                    {
                        return Outcome.FromResult(await state.Send(state.Request, context.CancellationToken).ConfigureAwait(false));
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

    /// <summary>The pipeline's attempts: the first one's outcome, already known, then real sends.</summary>
    private sealed class Attempts(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, HttpRequestMessage request, Outcome<HttpResponseMessage> first)
    {
        private Outcome<HttpResponseMessage>? first = first;

        public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Send { get; } = send;

        public HttpRequestMessage Request { get; } = request;

        public Outcome<HttpResponseMessage>? TakeFirst()
        {
            var taken = first;
            first = null;
            return taken;
        }
    }
}
