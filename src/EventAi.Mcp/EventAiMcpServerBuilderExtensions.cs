using EventAi.Mcp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds EventAi's tools to an MCP server built with the official C# SDK.</summary>
public static class EventAiMcpServerBuilderExtensions
{
    /// <summary>
    /// Adds the tools <c>describe_event</c>, <c>suggest_fix</c> and <c>summarize_issue</c> to the server, beside the
    /// host's own. <c>suggest_fix</c> and <c>summarize_issue</c> use <c>AddEventAi</c>'s <see cref="EventAi.SuggestionService"/>
    /// (its cache and data policy); a Sentry URL as input needs <c>AddEventAi(...).AddSentry(...)</c>.
    /// </summary>
    /// <param name="builder">The host's MCP server (<c>services.AddMcpServer()</c>).</param>
    /// <param name="configure">Limits of the tools.</param>
    /// <exception cref="ArgumentException">A setting is not valid; the message names it.</exception>
    public static IMcpServerBuilder WithEventAiTools(this IMcpServerBuilder builder, Action<EventAiMcpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new EventAiMcpOptions();
        configure?.Invoke(options);
        options.Validate();
        builder.Services.TryAddSingleton(Options.Options.Create(options));
        builder.Services.TryAddScoped<EventAiMcpCaller>();
        return builder.WithTools<EventAiTools>(EventAiMcpJson.Options);
    }
}
