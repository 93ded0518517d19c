using Azure.Core;

namespace EventAi;

/// <summary>How to reach a model service. The API key is never shown by <see cref="ToString"/>.</summary>
public sealed class ModelServiceOptions
{
    /// <summary>The default for <see cref="MaxRetries"/>.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Which kind of service this is. Default <see cref="ModelProvider.OpenAI"/>.</summary>
    public ModelProvider Provider { get; set; } = ModelProvider.OpenAI;

    /// <summary>
    /// The API key: a Bearer token for OpenAI, the <c>api-key</c> header for Azure OpenAI. An empty string
    /// counts as not set.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// For Azure OpenAI, an Entra ID credential (such as <c>DefaultAzureCredential</c> from Azure.Identity)
    /// used instead of <see cref="ApiKey"/>, as Azure recommends. Not read from configuration.
    /// </summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>
    /// For <see cref="ModelProvider.OpenAI"/>, the base URL of an OpenAI-compatible server (for example
    /// <c>http://localhost:11434/v1</c>); <c>null</c> means OpenAI itself. For
    /// <see cref="ModelProvider.AzureOpenAI"/>, the resource endpoint (required).
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>For Azure OpenAI, the deployment to call; <c>null</c> uses the model name.</summary>
    public string? Deployment { get; set; }

    /// <summary>
    /// How many times the SDK's own pipeline retries a transient failure (408, 5xx, a dropped connection)
    /// with exponential backoff. A rate limit (429) is not retried: it surfaces at once with its retry-after.
    /// Default 3.
    /// </summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>How long to wait for the service to answer a request. Default 100 seconds.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Whether a key or a credential is set, so that the service can be called.</summary>
    public bool HasCredentials => !string.IsNullOrWhiteSpace(ApiKey) || (Provider == ModelProvider.AzureOpenAI && Credential is not null);

    /// <summary>A description for logs, with the key left out.</summary>
    public override string ToString() =>
        $"{Provider} {Endpoint?.ToString() ?? "(default endpoint)"}{(Deployment is null ? "" : $" deployment {Deployment}")} " +
        $"({(Credential is not null ? "Entra ID credential" : string.IsNullOrWhiteSpace(ApiKey) ? "API key not set" : "API key set")})";

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        string prefix = nameof(ModelServiceOptions);
        if (!Enum.IsDefined(Provider))
        {
            throw new ArgumentOutOfRangeException(nameof(Provider), Provider, $"{prefix}.{nameof(Provider)} must be OpenAI or AzureOpenAI.");
        }

        if (!HasCredentials)
        {
            throw new ArgumentException(
                Provider == ModelProvider.AzureOpenAI
                    ? $"{prefix}.{nameof(ApiKey)} or {prefix}.{nameof(Credential)} must be set for Azure OpenAI."
                    : $"{prefix}.{nameof(ApiKey)} must be set.",
                nameof(ApiKey));
        }

        if (Provider == ModelProvider.AzureOpenAI && Endpoint is null)
        {
            throw new ArgumentException($"{prefix}.{nameof(Endpoint)} must be set to the Azure OpenAI resource endpoint.", nameof(Endpoint));
        }

        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ArgumentException($"{prefix}.{nameof(Endpoint)} must be an absolute http or https URL.", nameof(Endpoint));
        }

        if (MaxRetries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, $"{prefix}.{nameof(MaxRetries)} must be between 0 and 10.");
        }

        if (NetworkTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(NetworkTimeout), NetworkTimeout, $"{prefix}.{nameof(NetworkTimeout)} must be positive.");
        }
    }
}
