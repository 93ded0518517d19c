using System.ClientModel.Primitives;

namespace EventAi;

/// <summary>
/// The SDK's retry policy (exponential backoff on 408, 5xx and dropped connections), except that a
/// rate limit (429) is not retried: it surfaces at once with the service's retry-after.
/// </summary>
internal sealed class TransientRetryPolicy : ClientRetryPolicy
{
    public TransientRetryPolicy(int maxRetries)
        : base(maxRetries)
    {
    }

    protected override bool ShouldRetry(PipelineMessage message, Exception? exception) =>
        message.Response?.Status != 429 && base.ShouldRetry(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
        message.Response?.Status != 429 && await base.ShouldRetryAsync(message, exception).ConfigureAwait(false);
}
