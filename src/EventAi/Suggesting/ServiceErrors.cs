using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace EventAi;

/// <summary>
/// Translates the failures of any <c>IChatClient</c> and its transport into <see cref="ModelServiceException"/>s.
/// Provider packages translate their own SDK errors first (with the service's status and message).
/// </summary>
internal static class ServiceErrors
{
    /// <summary>Whether the exception is a failure of the model service rather than a bug or the caller's cancellation.</summary>
    public static bool IsServiceFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        ModelServiceException => true,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.All(inner => IsServiceFailure(inner, cancellationToken)),
        HttpRequestException or IOException or SocketException or JsonException or TimeoutException => true,
        OperationCanceledException => true, // a network timeout of the SDK, not the caller's cancellation
        _ => false,
    };

    /// <summary>
    /// The failure as a <see cref="ModelServiceException"/>; <paramref name="host"/> names the service in
    /// messages, and <paramref name="answering"/> says whether the service had begun to answer.
    /// </summary>
    public static ModelServiceException Translate(Exception exception, string? host, bool answering = false) => exception switch
    {
        ModelServiceException known => known,
        AggregateException aggregate => Translate(aggregate.Flatten().InnerExceptions[^1], host, answering),
        HttpRequestException { StatusCode: { } status } http => FromStatus((int)status, null, error: null, retryAfter: null, http),
        HttpRequestException or IOException or SocketException when answering => ConnectionLost(host, exception),
        HttpRequestException or IOException or SocketException => CouldNotConnect(host, exception),
        OperationCanceledException or TimeoutException => new ModelServiceException(
            $"The model service{At(host)} did not answer in time.", null, null, exception),
        JsonException => new ModelServiceException($"The model service{At(host)} sent an answer that could not be read.", null, null, exception),
        _ => new ModelServiceException($"The model service{At(host)} failed.", null, null, exception),
    };

    /// <summary>The service never answered: no connection, or the connection dropped.</summary>
    public static ModelServiceException CouldNotConnect(string? host, Exception cause) =>
        new($"Could not connect to the model service{At(host)}.", null, null, cause);

    /// <summary>The connection dropped while the service was answering.</summary>
    public static ModelServiceException ConnectionLost(string? host, Exception cause) =>
        new($"The connection to the model service{At(host)} was lost while it was answering.", null, null, cause);

    /// <summary>The service answered with an error status.</summary>
    public static ModelServiceException FromStatus(int status, string? message, JsonElement? error, TimeSpan? retryAfter, Exception? cause)
    {
        string text = string.IsNullOrWhiteSpace(message)
            ? string.Create(CultureInfo.InvariantCulture, $"The model service answered {status}.")
            : string.Create(CultureInfo.InvariantCulture, $"The model service answered {status}: {message}");
        return status == (int)HttpStatusCode.TooManyRequests
            ? new ModelRateLimitedException(text, error, retryAfter, cause)
            : new ModelServiceException(text, status, error, cause);
    }

    private static string At(string? host) => string.IsNullOrEmpty(host) ? string.Empty : " at " + host;
}
