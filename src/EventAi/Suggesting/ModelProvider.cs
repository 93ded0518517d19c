namespace EventAi;

/// <summary>The kinds of model service EventAi can connect to by itself.</summary>
public enum ModelProvider
{
    /// <summary>OpenAI, or any OpenAI-compatible server (Ollama, LiteLLM, vLLM...) given by its base URL.</summary>
    OpenAi,

    /// <summary>Azure OpenAI: a resource endpoint, an API key and a deployment.</summary>
    AzureOpenAi,
}
