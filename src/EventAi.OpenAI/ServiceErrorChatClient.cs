using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace EventAi;

/// <summary>
/// Turns the OpenAI and Azure SDKs' failures into <see cref="ModelServiceException"/>s with the service's
/// status, error object and retry-after, wherever they surface: on the call or while a stream is read.
/// </summary>
internal sealed class ServiceErrorChatClient : DelegatingChatClient
{
    private readonly string _host;

    public ServiceErrorChatClient(IChatClient innerClient, string host)
        : base(innerClient) => _host = host;

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception e) when (Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }

        bool answering = false;
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception e) when (Translate(e, cancellationToken, answering) is { } translated)
                {
                    throw translated;
                }

                answering = true;
                yield return updates.Current;
            }
        }
    }

    private ModelServiceException? Translate(Exception exception, CancellationToken cancellationToken, bool answering = false) =>
        exception is OperationCanceledException && cancellationToken.IsCancellationRequested ? null : OpenAIServiceErrors.TryTranslate(exception, _host, answering);
}
