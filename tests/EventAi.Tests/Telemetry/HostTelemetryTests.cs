using System.Diagnostics;
using EventAi.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventAi.Tests.Telemetry;

/// <summary>Telemetry of a cached suggestion and of a restricted one.</summary>
[NonParallelizable]
public sealed class HostTelemetryTests : HostFixture
{
    [Test]
    public async Task A_cached_suggestion_counts_a_hit_and_calls_no_model()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        await service.SuggestAsync(Description(service), "issue");
        using var capture = new TelemetryCapture();

        SuggestionStream cached = await service.OpenStreamAsync(Description(service), "issue");

        Assert.That(cached.IsCached, Is.True);
        Assert.That(capture.Of(EventAiTelemetry.CacheRequests).Single().Tags["eventai.cache.result"], Is.EqualTo("hit"));
        Assert.That(capture.Activities.Where(a => a.DisplayName.StartsWith("chat", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_generated_suggestion_counts_a_miss()
    {
        SuggestionService service = BuildHost().GetRequiredService<SuggestionService>();
        using var capture = new TelemetryCapture();

        await service.SuggestAsync(Description(service), "issue");

        Assert.That(capture.Of(EventAiTelemetry.CacheRequests).Single().Tags["eventai.cache.result"], Is.EqualTo("miss"));
        Assert.That(capture.Activities.Count(a => a.DisplayName == "chat gpt-4o-mini"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_restricted_request_counts_the_restriction_by_name_and_tags_the_current_span()
    {
        ServiceProvider host = BuildHost(services: s => s.AddSingleton<IOpenAiPolicyCheck>(new ConsentCheck()));
        SuggestionService service = host.GetRequiredService<SuggestionService>();
        using var capture = new TelemetryCapture();
        using var source = new ActivitySource("EventAi.Tests.Host");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "EventAi.Tests.Host",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using Activity? request = source.StartActivity("GET ai-fix");
        OpenAiPolicyDecision decision = await service.CheckPolicyAsync(new OpenAiPolicyContext("acme", "jane", false, Consent: false));

        Assert.That(decision.Restriction, Is.EqualTo(OpenAiPolicyNames.IndividualConsent));
        Assert.That(capture.Of(EventAiTelemetry.PolicyRestrictions).Single().Tags["eventai.policy.restriction"], Is.EqualTo("individual_consent"));
        Assert.That(request!.GetTagItem("eventai.policy.restriction"), Is.EqualTo("individual_consent"));
        Assert.That(Server.Requests, Is.Empty);
    }

    private sealed class ConsentCheck : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<string?>(OpenAiPolicyNames.IndividualConsent);
    }
}
