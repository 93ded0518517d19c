using EventAi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventAi.Tests.Hosting;

/// <summary>Structured summaries through SuggestionService: one per issue group, in their own key space.</summary>
public sealed class SummaryCacheTests : HostFixture
{
    private const string Answer =
        """{"headline":"Division by zero in divide()","whats_wrong":"w","trace":"t","possible_cause":"c","confidence":0.5,"next_step":"n"}""";

    [Test]
    public async Task One_group_gets_one_summary_call_and_its_own_key_space_beside_the_suggestion()
    {
        Server.DefaultReply = ModelReply.Stream(Answer);
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        IssueSummary first = await service.SummarizeAsync(description, "issue-1");
        IssueSummary second = await service.SummarizeAsync(description, "issue-1");
        string suggestion = await service.SuggestAsync(description, "issue-1");

        Assert.That(second.Headline, Is.EqualTo(first.Headline).And.EqualTo("Division by zero in divide()"));
        Assert.That(suggestion, Is.EqualTo(Answer), "the suggestion was generated, not taken from the summary's entry");
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
        Assert.That(service.SummaryCacheKey(description, new SuggestionKey(null, null, "issue-1")), Is.Not.EqualTo(service.CacheKey(description, new SuggestionKey(null, null, "issue-1"))));
    }

    [Test]
    public async Task Ten_concurrent_summaries_of_one_group_make_one_model_call()
    {
        Server.DefaultReply = ModelReply.Stream(Answer) with { BeforeChunk = (_, token) => Task.Delay(50, token) };
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        EventDescription description = Description(service);

        IssueSummary[] summaries = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => service.SummarizeAsync(description, "hot"))));

        Assert.That(summaries.Select(s => s.Headline), Is.All.EqualTo("Division by zero in divide()"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_non_positive_summary_duration_fails_at_start_up_naming_the_setting()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddEventAi(options =>
        {
            options.ModelService = OpenAiOptions();
            options.Cache.SummaryDuration = TimeSpan.Zero;
        });
        using IHost host = builder.Build();

        OptionsValidationException error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync())!;

        Assert.That(error.Message, Does.Contain("EventAi:Cache").And.Contain("SuggestionCacheOptions.SummaryDuration"));
    }
}
