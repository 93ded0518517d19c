using EventAi.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EventAi.SampleHost;

/// <summary>A minimal host app offering "explain this error" over the bundled example events.</summary>
public static class SampleApp
{
    /// <summary>
    /// Builds the app. Its files (appsettings.json and the <c>events</c> folder) are found beside the app,
    /// not in the current directory, so it runs the same from anywhere.
    /// </summary>
    /// <exception cref="InvalidOperationException">The events folder is missing; the message names it and the setting.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // The usual environment variables work here too; appsettings or EventAi__* variables override them.
        builder.Configuration.AddInMemoryCollection(FromEnvironment());
        configure?.Invoke(builder);

        // The sample serves its own folder of events unless the caller registered another source.
        builder.Services.AddEventAi(builder.Configuration.GetSection("EventAi"));
        string? folder = null;
        if (!builder.Services.Any(service => service.ServiceType == typeof(IEventSource)))
        {
            folder = EventsFolder(builder.Configuration["Events:Folder"]);
            builder.Services.TryAddSingleton<IEventSource>(new FolderEventSource(folder));
        }

        WebApplication app = builder.Build();
        app.MapGet("/", () => Results.Text(
            "GET /api/{organization}/{project}/events/{eventId}/ai-fix?stream=yes" +
            (folder is null ? "\n" : "  (events: " + string.Join(", ", Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order()) + ")\n")));
        int requestsPerSecond = app.Configuration.GetValue("EventAi:Endpoint:RequestsPerSecond", 5);
        app.MapEventAi("/api/{organization}/{project}", options => options.RequestsPerSecond = requestsPerSecond);
        return app;
    }

    // Relative to the app (the build copies samples/events there), so the current directory does not matter.
    private static string EventsFolder(string? configured)
    {
        string folder = Path.GetFullPath(configured ?? "events", AppContext.BaseDirectory);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"The events folder '{folder}' does not exist. Set Events:Folder (relative to {AppContext.BaseDirectory} or absolute) to a folder of event JSON files.");
        }

        return folder;
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
}
