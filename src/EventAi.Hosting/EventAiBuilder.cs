using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventAi;

/// <summary>What <c>services.AddEventAi(...)</c> returns: adds policy checks and names the chat client to use.</summary>
public sealed class EventAiBuilder
{
    internal EventAiBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a policy check (SPEC §5), created by the container once; checks are asked in the order added.</summary>
    /// <typeparam name="TCheck">The check.</typeparam>
    public EventAiBuilder AddPolicyCheck<TCheck>()
        where TCheck : class, IOpenAiPolicyCheck
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IOpenAiPolicyCheck, TCheck>());
        return this;
    }

    /// <summary>
    /// Uses the <c>IChatClient</c> the host registered under a key (<c>services.AddKeyedChatClient(key, ...)</c>)
    /// rather than the configured model service or the host's unkeyed client.
    /// </summary>
    /// <param name="serviceKey">The key the client is registered under.</param>
    public EventAiBuilder UseChatClient(object serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceKey);
        Services.Configure<ChatClientSelection>(selection => selection.ServiceKey = serviceKey);
        return this;
    }
}
