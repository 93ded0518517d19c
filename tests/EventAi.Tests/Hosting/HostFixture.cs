using EventAi.Tests.Suggesting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventAi.Tests.Hosting;

/// <summary>Builds host service providers with EventAi registered against the local model server.</summary>
public abstract class HostFixture : ModelServerFixture
{
    private readonly List<ServiceProvider> _providers = [];

    [TearDown]
    public async Task DisposeProviders()
    {
        foreach (ServiceProvider provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _providers.Clear();
    }

    protected ServiceProvider BuildHost(Action<EventAiOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        services?.Invoke(collection);
        collection.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Suggestions = new SuggestionOptions { Model = "gpt-4o-mini", Random = new Random(1) };
            configure?.Invoke(options);
        });
        ServiceProvider provider = collection.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    protected static FakeLogCollector Logs(IServiceProvider provider) => provider.GetRequiredService<FakeLogCollector>();

    protected static EventDescription Description(SuggestionService service) => service.Client.Describer.Describe(Utf8(EventJson));
}
