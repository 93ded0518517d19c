using System.ClientModel;
using System.ClientModel.Primitives;
using Azure;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace EventAi;

/// <summary>
/// Creates <see cref="IChatClient"/>s for the built-in providers: OpenAI, any OpenAI-compatible server,
/// and Azure OpenAI, each with the SDK's own retry pipeline configured for transient failures.
/// </summary>
public static class ModelService
{
    /// <summary>The Azure OpenAI API version every request is pinned to: the newest generally available one.</summary>
    public const string AzureApiVersion = "2024-10-21";

    /// <summary>Creates a chat client for a model on the configured service.</summary>
    /// <param name="options">How to reach the service; validated here.</param>
    /// <param name="model">The model; for Azure OpenAI the deployment when <see cref="ModelServiceOptions.Deployment"/> is not set.</param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it (never the key).</exception>
    public static IChatClient CreateChatClient(ModelServiceOptions options, string model)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        options.Validate();

        return options.Provider switch
        {
            ModelProvider.AzureOpenAi => CreateAzure(options, options.Deployment ?? model),
            _ => CreateOpenAi(options, model),
        };
    }

    private static IChatClient CreateOpenAi(ModelServiceOptions options, string model)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new TransientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.NetworkTimeout,
        };
        var client = new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions);
        return client.GetChatClient(model).AsIChatClient();
    }

    private static IChatClient CreateAzure(ModelServiceOptions options, string deployment)
    {
        var clientOptions = new AzureOpenAIClientOptions
        {
            RetryPolicy = new TransientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.NetworkTimeout,
        };

        // The package defaults to a preview API version; every request is pinned to a stable one.
        clientOptions.AddPolicy(new ApiVersionPolicy(AzureApiVersion), PipelinePosition.PerCall);
        var client = new AzureOpenAIClient(options.Endpoint!, new AzureKeyCredential(options.ApiKey!), clientOptions);
        return client.GetChatClient(deployment).AsIChatClient();
    }
}
