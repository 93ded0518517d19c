using EventAi.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventAi.SampleHost;

/// <summary>A minimal host app offering "explain this error" over the bundled example events.</summary>
public static class SampleApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);

        // The usual environment variables work here too; appsettings or EventAi__* variables override them.
        builder.Configuration.AddInMemoryCollection(FromEnvironment());
        configure?.Invoke(builder);

        // The sample serves its own folder of events unless the caller registered another source.
        builder.Services.AddEventAi(builder.Configuration.GetSection("EventAi"));
        string events = builder.Configuration["Events:Folder"] ?? FindEventsFolder();
        builder.Services.TryAddSingleton<IEventSource>(new FolderEventSource(events));

        WebApplication app = builder.Build();
        app.MapGet("/", () => Results.Text(
            "GET /api/{organization}/{project}/events/{eventId}/ai-fix?stream=yes  (events: " +
            string.Join(", ", Directory.EnumerateFiles(events, "*.json").Select(Path.GetFileNameWithoutExtension)) + ")\n"));
        int requestsPerSecond = app.Configuration.GetValue("EventAi:Endpoint:RequestsPerSecond", 5);
        app.MapEventAi("/api/{organization}/{project}", options => options.RequestsPerSecond = requestsPerSecond);
        return app;
    }

    private static Dictionary<string, string?> FromEnvironment()
    {
        var settings = new Dictionary<string, string?>();
        if (Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY") is { Length: > 0 } azureKey)
        {
            settings["EventAi:ModelService:Provider"] = "AzureOpenAI";
            settings["EventAi:ModelService:ApiKey"] = azureKey;
            settings["EventAi:ModelService:Endpoint"] = Environment.GetEnvironmentVariable("AZURE_OPENAI_ENDPOINT");
        }
        else if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is { Length: > 0 } key)
        {
            settings["EventAi:ModelService:ApiKey"] = key;
            settings["EventAi:ModelService:Endpoint"] = Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        }

        return settings;
    }

    private static string FindEventsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "samples", "events");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "samples", "events");
    }
}
