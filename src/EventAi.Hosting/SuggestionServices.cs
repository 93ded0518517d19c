using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventAi;

/// <summary>
/// Builds the suggestion client and service once, from the options as they are when first asked for:
/// the chat client named with <see cref="EventAiBuilder.UseChatClient"/>, else the configured model
/// service, else an <see cref="IChatClient"/> the host registered. Without any, suggestions are unavailable.
/// </summary>
internal sealed class SuggestionServices
{
    internal const string NotConfigured =
        "EventAi has no model service: set EventAi:ModelService:ApiKey (or ModelService.Credential for Azure OpenAI), " +
        "register an IChatClient, or name a keyed one with AddEventAi(...).UseChatClient(key).";

    private readonly Lazy<SuggestionService?> _service;

    public SuggestionServices(IServiceProvider services, IOptions<EventAiOptions> options, IOptions<ChatClientSelection> selection)
    {
        EventAiOptions value = options.Value;
        IChatClient? chat = ChooseChatClient(services, value, selection.Value);
        Client = chat is null ? null : new SuggestionClient(chat, value.Suggestions);
        _service = new Lazy<SuggestionService?>(() => Client is null ? null : new SuggestionService(
            Client,
            services.GetRequiredKeyedService<HybridCache>(SharedSuggestionCache.ServiceKey),
            services.GetRequiredService<OpenAiPolicy>(),
            value.Cache,
            services.GetService<ILogger<SuggestionService>>(),
            value.Streaming,
            services.GetService<TimeProvider>()));
    }

    public SuggestionClient? Client { get; }

    public SuggestionService? Service => _service.Value;

    public SuggestionClient RequireClient() => Client ?? throw new InvalidOperationException(NotConfigured);

    public SuggestionService RequireService() => Service ?? throw new InvalidOperationException(NotConfigured);

    private static IChatClient? ChooseChatClient(IServiceProvider services, EventAiOptions options, ChatClientSelection selection)
    {
        if (selection.ServiceKey is { } key)
        {
            return services.GetKeyedService<IChatClient>(key) ?? throw new InvalidOperationException(
                $"AddEventAi(...).UseChatClient(\"{key}\") names no registered IChatClient: register one with services.AddKeyedChatClient(\"{key}\", ...).");
        }

        return options.ModelService.HasCredentials
            ? ModelService.CreateChatClient(options.ModelService, options.Suggestions.Model)
            : services.GetService<IChatClient>();
    }
}
