using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;

namespace EventAi;

/// <summary>Reads the OpenAI and Azure SDKs' failures: the status, the service's error object and message, and retry-after.</summary>
internal static class OpenAIServiceErrors
{
    /// <summary>The SDK failure as a <see cref="ModelServiceException"/>; <c>null</c> when it is not the SDK's.</summary>
    public static ModelServiceException? TryTranslate(Exception exception, string host, bool answering) => exception switch
    {
        ClientResultException { Status: > 0 } result when result.GetRawResponse() is { } response => FromResponse(result, response),
        ClientResultException result when answering => ServiceErrors.ConnectionLost(host, result),
        ClientResultException result => ServiceErrors.CouldNotConnect(host, result),
        AggregateException aggregate => TryTranslate(aggregate.Flatten().InnerExceptions[^1], host, answering),
        _ => null,
    };

    private static ModelServiceException FromResponse(ClientResultException result, PipelineResponse response)
    {
        JsonElement? error = ReadError(response, out string? message);
        return ServiceErrors.FromStatus(result.Status, message ?? response.ReasonPhrase, error, RetryAfter(response), result);
    }

    private static JsonElement? ReadError(PipelineResponse response, out string? message)
    {
        message = null;
        try
        {
            using JsonDocument body = JsonDocument.Parse(response.Content.ToMemory());
            JsonElement root = body.RootElement;
            JsonElement error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out JsonElement inner) ? inner : root;
            if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out JsonElement text) && text.ValueKind == JsonValueKind.String)
            {
                message = text.GetString();
            }
            else if (error.ValueKind == JsonValueKind.String)
            {
                message = error.GetString();
            }

            return error.Clone();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(PipelineResponse response)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out string? milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!response.Headers.TryGetValue("Retry-After", out string? value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
            ? at - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }
}
