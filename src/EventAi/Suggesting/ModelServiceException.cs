using System.Text.Json;

namespace EventAi;

/// <summary>
/// The model service failed: an error status, a connection lost mid-stream, or an answer that could not
/// be read. The message gives the status and the service's own message; it never contains the API key.
/// </summary>
public class ModelServiceException : Exception
{
    /// <summary>Creates the exception with a message only.</summary>
    public ModelServiceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public ModelServiceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The transport's or SDK's error.</param>
    public ModelServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an answer of the service.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="status">The HTTP status, when the service answered.</param>
    /// <param name="error">The service's error object, when it sent one.</param>
    /// <param name="innerException">The transport's or SDK's error.</param>
    public ModelServiceException(string message, int? status, JsonElement? error, Exception? innerException)
        : base(message, innerException)
    {
        Status = status;
        Error = error;
    }

    /// <summary>The HTTP status the service answered with; <c>null</c> when it never answered.</summary>
    public int? Status { get; }

    /// <summary>The service's error object (the <c>error</c> of an OpenAI error body), when it sent one.</summary>
    public JsonElement? Error { get; }
}
