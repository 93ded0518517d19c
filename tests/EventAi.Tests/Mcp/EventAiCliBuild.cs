namespace EventAi.Tests.Mcp;

/// <summary>
/// The built <c>eventai</c> tool as a separate process would run it: its own build output
/// (<c>src/EventAi.Cli/bin/{Configuration}/net10.0/</c>, built with the tests), started with <c>dotnet</c>.
/// </summary>
internal static class EventAiCliBuild
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        string dll = Path.Combine(TestSupport.RepoPaths.Root, "src", "EventAi.Cli", "bin", configuration, framework, "EventAi.Cli.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The eventai build is missing: {dll}");
    }

    /// <summary>The model and Sentry variables the child would otherwise inherit from the machine, cleared.</summary>
    public static Dictionary<string, string?> CleanEnvironment() => new()
    {
        ["OPENAI_API_KEY"] = null,
        ["OPENAI_BASE_URL"] = null,
        ["AZURE_OPENAI_ENDPOINT"] = null,
        ["AZURE_OPENAI_API_KEY"] = null,
        ["SENTRY_AUTH_TOKEN"] = null,
        ["SENTRY_URL"] = null,
    };
}
