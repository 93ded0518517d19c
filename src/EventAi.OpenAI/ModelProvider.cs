namespace EventAi;

/// <summary>The kinds of model service EventAi.OpenAI connects to.</summary>
public enum ModelProvider
{
    /// <summary>OpenAI, or any OpenAI-compatible server (Ollama, LiteLLM, vLLM...) given by its base URL.</summary>
    OpenAI,

    /// <summary>Azure OpenAI: a resource endpoint, an API key or an Entra ID credential, and a deployment.</summary>
    AzureOpenAI,
}
