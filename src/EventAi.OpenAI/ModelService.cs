using System.ClientModel;
using System.ClientModel.Primitives;
using Azure;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace EventAi;

/// <summary>
/// Creates <see cref="IChatClient"/>s for OpenAI, any OpenAI-compatible server, and Azure OpenAI, each with
/// the SDK's own retry pipeline for transient failures and its errors surfacing as
/// <see cref="ModelServiceException"/>s. The model is bound to the client: <see cref="SuggestionClient"/>
/// sends no other unless <see cref="SuggestionOptions.Model"/> says so.
/// </summary>
public static class ModelService
{
    /// <summary>The model used when none is named: <c>gpt-4o-mini</c>.</summary>
    public const string DefaultModel = "gpt-4o-mini";

    /// <summary>The Azure OpenAI API version every request is pinned to: the newest generally available one.</summary>
    public const string AzureApiVersion = "2024-10-21";

    /// <summary>Creates a chat client for a model on the configured service.</summary>
    /// <param name="options">How to reach the service; validated here.</param>
    /// <param name="model">
    /// The model; for Azure OpenAI the deployment when <see cref="ModelServiceOptions.Deployment"/> is not
    /// set. Default <see cref="DefaultModel"/>.
    /// </param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it (never the key).</exception>
    public static IChatClient CreateChatClient(ModelServiceOptions options, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (model is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(model);
        }

        options.Validate();
        model ??= DefaultModel;
        return options.Provider switch
        {
            ModelProvider.AzureOpenAI => CreateAzure(options, options.Deployment ?? model),
            _ => CreateOpenAI(options, model),
        };
    }

    private static IChatClient CreateOpenAI(ModelServiceOptions options, string model)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new TransientRetryPolicy(options.MaxRetries),
            NetworkTimeout = options.NetworkTimeout,
        };
        var client = new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions);
        return new ServiceErrorChatClient(client.GetChatClient(model).AsIChatClient(), HostOf(options.Endpoint) ?? "api.openai.com");
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
        AzureOpenAIClient client = options.Credential is { } credential
            ? new AzureOpenAIClient(options.Endpoint!, credential, clientOptions)
            : new AzureOpenAIClient(options.Endpoint!, new AzureKeyCredential(options.ApiKey!), clientOptions);
        return new ServiceErrorChatClient(client.GetChatClient(deployment).AsIChatClient(), HostOf(options.Endpoint)!);
    }

    private static string? HostOf(Uri? endpoint) => endpoint?.IsDefaultPort == false ? $"{endpoint.Host}:{endpoint.Port}" : endpoint?.Host;
}
