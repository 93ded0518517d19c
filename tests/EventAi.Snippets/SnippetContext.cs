#pragma warning disable IDE1006 // Lower-case names, as the snippets use them.
using EventAi;
using Microsoft.Extensions.AI;

namespace EventAi.Snippets;

/// <summary>
/// What a README snippet takes as given, as it would be in the reader's own program: every snippet is compiled
/// as a method of a class deriving from this one. The snippets are compiled, not run.
/// </summary>
public abstract class SnippetContext
{
    /// <summary>The program's command-line arguments.</summary>
    protected string[] args { get; } = [];

    /// <summary>The host app's builder, as in <c>var builder = WebApplication.CreateBuilder(args);</c>.</summary>
    protected WebApplicationBuilder builder { get; } = WebApplication.CreateBuilder();

    /// <summary>The host app once built.</summary>
    protected WebApplication app => builder.Build();

    /// <summary>Any Microsoft.Extensions.AI chat client: EventAi.OpenAI's, Ollama's, the reader's own.</summary>
    protected IChatClient chatClient => throw new NotSupportedException("Snippets are compiled, not run.");

    /// <summary>A describer made earlier in the reader's program.</summary>
    protected EventDescriber describer { get; } = new();

    /// <summary>A suggestion client made earlier in the reader's program.</summary>
    protected SuggestionClient suggestions => new(chatClient);

    /// <summary>The token of the request or operation the snippet runs in.</summary>
    protected CancellationToken cancellationToken => CancellationToken.None;
}
