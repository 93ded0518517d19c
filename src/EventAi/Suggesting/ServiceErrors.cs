using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace EventAi;

/// <summary>Translates the failures of the model SDKs and transports into <see cref="ModelServiceException"/>s.</summary>
internal static class ServiceErrors
{
    /// <summary>Whether the exception is a failure of the model service rather than a bug or a cancellation.</summary>
    public static bool IsServiceFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        ModelServiceException => false,
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        ClientResultException or HttpRequestException or IOException or JsonException => true,
        OperationCanceledException => true, // a network timeout of the SDK, not the caller's cancellation
        _ => false,
    };

    public static ModelServiceException Translate(Exception exception) => exception switch
    {
        ClientResultException result => FromResponse(result.Status, result.GetRawResponse(), result),
        HttpRequestException { StatusCode: { } status } http => FromStatus((int)status, http.Message, error: null, retryAfter: null, http),
        OperationCanceledException timeout => new ModelServiceException("The model service did not answer in time.", null, null, timeout),
        JsonException json => new ModelServiceException("The model service sent an answer that could not be read.", null, null, json),
        _ => new ModelServiceException($"The connection to the model service failed: {exception.Message}", null, null, exception),
    };

    private static ModelServiceException FromResponse(int status, PipelineResponse? response, Exception cause)
    {
        if (status == 0 || response is null)
        {
            return new ModelServiceException($"The connection to the model service failed: {cause.Message}", null, null, cause);
        }

        JsonElement? error = ReadError(response, out string? message);
        return FromStatus(status, message ?? response.ReasonPhrase, error, RetryAfter(response), cause);
    }

    private static ModelServiceException FromStatus(int status, string? message, JsonElement? error, TimeSpan? retryAfter, Exception cause)
    {
        string text = string.IsNullOrWhiteSpace(message)
            ? string.Create(CultureInfo.InvariantCulture, $"The model service answered {status}.")
            : string.Create(CultureInfo.InvariantCulture, $"The model service answered {status}: {message}");
        return status == (int)HttpStatusCode.TooManyRequests
            ? new ModelRateLimitedException(text, error, retryAfter, cause)
            : new ModelServiceException(text, status, error, cause);
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
