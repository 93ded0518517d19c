using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi;

/// <summary>Asks a host's services whether suggestions are available, without failing when they are not.</summary>
public static class EventAiServiceProviderExtensions
{
    /// <summary>
    /// Gets the <see cref="SuggestionService"/> when a model service is configured; <c>false</c> when
    /// <c>AddEventAi</c> was not called or no model service is available (resolving the service directly
    /// then fails with a message naming what to set).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="suggestions">The service, when available.</param>
    public static bool TryGetSuggestionService(this IServiceProvider services, [NotNullWhen(true)] out SuggestionService? suggestions)
    {
        ArgumentNullException.ThrowIfNull(services);
        suggestions = services.GetService<SuggestionServices>()?.Service;
        return suggestions is not null;
    }
}
