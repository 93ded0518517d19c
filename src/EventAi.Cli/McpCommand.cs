using System.CommandLine;
using System.Reflection;
using EventAi.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace EventAi.Cli;

/// <summary>
/// <c>eventai mcp</c>: serves EventAi's tools over the Model Context Protocol on standard input and output, for
/// coding agents. Standard output carries JSON-RPC messages only; every log line goes to standard error.
/// </summary>
internal static class McpCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> model = CommonOptions.Model($"The model for suggest_fix and summarize_issue. Default {ModelService.DefaultModel}.");
        var tone = new Option<string>("--tone") { Description = "The voice of suggest_fix.", DefaultValueFactory = _ => "professional" };
        tone.AcceptOnlyFromAmong("playful", "professional");
        // A string, not LogLevel: the other commands must not load the logging and hosting assemblies.
        var logLevel = new Option<string>("--log-level") { Description = "The least important log lines written to standard error.", DefaultValueFactory = _ => "warning" };
        logLevel.AcceptOnlyFromAmong("trace", "debug", "information", "warning", "error", "critical", "none");

        var command = new Command("mcp",
            "Serve the tools describe_event, suggest_fix and summarize_issue over the Model Context Protocol on standard input and output " +
            "(for coding agents: \"command\": \"eventai\", \"args\": [\"mcp\"]). describe_event needs no credentials; the others need the model " +
            $"service's variables; Sentry URLs need SENTRY_AUTH_TOKEN. {EventAiCli.EnvironmentHelp}")
        {
            model, tone, logLevel,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            string modelName = parseResult.GetValue(model) ?? ModelService.DefaultModel;
            PromptTone promptTone = parseResult.GetValue(tone) == "playful" ? PromptTone.Playful : PromptTone.Professional;
            return await RunAsync(console, modelName, promptTone, parseResult.GetValue(logLevel)!, cancellationToken).ConfigureAwait(false);
        });

        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string modelName, PromptTone tone, string logLevel, CancellationToken cancellationToken)
    {
        using IHost host = Build(console, modelName, tone, Enum.Parse<LogLevel>(logLevel, ignoreCase: true));
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static IHost Build(CliConsole console, string modelName, PromptTone tone, LogLevel logLevel)
    {
        // No appsettings.json or DOTNET_ variables from wherever the agent starts us: only what this command sets.
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddProvider(new StandardErrorLoggerProvider(console.Error));

        (ModelServiceOptions? service, _) = ModelCredentials.FromEnvironment(console.Environment, endpointOverride: null, deployment: null);
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = service ?? new ModelServiceOptions();
            options.Suggestions.Model = modelName;
            options.Suggestions.Tone = tone;
        });

        (SentryApiOptions? sentry, _) = SentryInput.OptionsFromEnvironment(console.Environment);
        if (sentry is not null)
        {
            builder.Services.AddSingleton(_ => new HttpClient { Timeout = Timeout.InfiniteTimeSpan });
            builder.Services.AddSingleton(sp => new SentryApiClient(sp.GetRequiredService<HttpClient>(), sentry, sp.GetService<ILogger<SentryApiClient>>()));
        }

        builder.Services
            .AddMcpServer(options => options.ServerInfo = new Implementation { Name = "eventai", Title = "EventAi", Version = Version() })
            .WithStreamServerTransport(console.Input, console.Output)
            .WithEventAiTools(options =>
            {
                options.ModelServiceHint =
                    $"set {ModelCredentials.OpenAiKey} (with {ModelCredentials.OpenAiBaseUrl} for a compatible server), " +
                    $"or {ModelCredentials.AzureEndpoint} and {ModelCredentials.AzureKey}, in the environment of eventai mcp";
                options.SentryHint =
                    $"set {SentryInput.TokenVariable} (a token with event:read) and, for a self-hosted server, {SentryInput.ServerVariable}, in the environment of eventai mcp";
            });
        return builder.Build();
    }

    private static string Version() =>
        typeof(McpCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
