namespace EventAi.Cli;

/// <summary>
/// Chooses the model service from the environment (never from a flag): Azure OpenAI when
/// <c>AZURE_OPENAI_API_KEY</c> is set, else OpenAI or a compatible server with <c>OPENAI_API_KEY</c>.
/// </summary>
internal static class ModelCredentials
{
    public const string OpenAiKey = "OPENAI_API_KEY";
    public const string OpenAiBaseUrl = "OPENAI_BASE_URL";
    public const string AzureEndpoint = "AZURE_OPENAI_ENDPOINT";
    public const string AzureKey = "AZURE_OPENAI_API_KEY";

    /// <summary>The service options, or an error message naming what to set.</summary>
    public static (ModelServiceOptions? Options, string? Error) FromEnvironment(
        Func<string, string?> environment, string? endpointOverride, string? deployment)
    {
        string? azureKey = NonEmpty(environment(AzureKey));
        string? openAiKey = NonEmpty(environment(OpenAiKey));

        if (azureKey is not null)
        {
            string? endpoint = NonEmpty(endpointOverride) ?? NonEmpty(environment(AzureEndpoint));
            if (endpoint is null)
            {
                return (null, $"{AzureKey} is set but {AzureEndpoint} is not (or pass --endpoint).");
            }

            return ParseEndpoint(endpoint, AzureEndpoint) is { } azureUri
                ? (new ModelServiceOptions { Provider = ModelProvider.AzureOpenAI, ApiKey = azureKey, Endpoint = azureUri, Deployment = deployment }, null)
                : (null, $"{AzureEndpoint} (or --endpoint) is not an absolute http or https URL.");
        }

        if (openAiKey is not null)
        {
            string? baseUrl = NonEmpty(endpointOverride) ?? NonEmpty(environment(OpenAiBaseUrl));
            Uri? uri = null;
            if (baseUrl is not null && (uri = ParseEndpoint(baseUrl, OpenAiBaseUrl)) is null)
            {
                return (null, $"{OpenAiBaseUrl} (or --endpoint) is not an absolute http or https URL.");
            }

            return (new ModelServiceOptions { Provider = ModelProvider.OpenAI, ApiKey = openAiKey, Endpoint = uri }, null);
        }

        if (NonEmpty(environment(AzureEndpoint)) is not null)
        {
            return (null, $"{AzureEndpoint} is set but {AzureKey} is not: set the Azure OpenAI resource's API key (the CLI does not sign in with Entra ID).");
        }

        return (null,
            $"no model credentials: set {OpenAiKey} (with {OpenAiBaseUrl} for a compatible server), or {AzureEndpoint} and {AzureKey}.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? ParseEndpoint(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
