using System.Collections.Concurrent;
using System.Diagnostics;
using EventAi.Tests.Suggesting;
using Microsoft.Extensions.AI;

namespace EventAi.Tests.Telemetry;

/// <summary>
/// One GenAI <c>chat</c> span per call: EventAi adds Microsoft.Extensions.AI's OpenTelemetry layer only
/// when the host's chat client has none.
/// </summary>
[NonParallelizable]
public sealed class ChatSpanCountTests : ModelServerFixture
{
    private const string HostSource = "Host.App";

    [Test]
    public async Task A_client_that_already_has_open_telemetry_gets_no_second_layer()
    {
        using var spans = new ChatSpans(HostSource, EventAiTelemetry.SourceName);
        IChatClient hostClient = ModelService.CreateChatClient(OpenAiOptions(), "gpt-4o")
            .AsBuilder()
            .UseOpenTelemetry(sourceName: HostSource)
            .Build();

        await CollectAsync(new SuggestionClient(hostClient).StreamAsync(Utf8(EventJson)));

        Activity chat = spans.Chat.Single();
        Assert.That(chat.Source.Name, Is.EqualTo(HostSource), "the host's own layer records the call");
        Assert.That(chat.DisplayName, Is.EqualTo("chat gpt-4o"));
        Assert.That(spans.Suggest.Single().SpanId, Is.EqualTo(chat.ParentSpanId));
    }

    [Test]
    public async Task A_client_without_open_telemetry_gets_one_layer_under_the_eventai_source()
    {
        using var spans = new ChatSpans(HostSource, EventAiTelemetry.SourceName);
        IChatClient plain = ModelService.CreateChatClient(OpenAiOptions(), "gpt-4o");

        await CollectAsync(new SuggestionClient(plain).StreamAsync(Utf8(EventJson)));

        Activity chat = spans.Chat.Single();
        Assert.That(chat.Source.Name, Is.EqualTo(EventAiTelemetry.SourceName));
        Assert.That(chat.DisplayName, Is.EqualTo("chat gpt-4o"));
    }

    /// <summary>Records the spans of the named sources, as an OpenTelemetry SDK subscribed to both would.</summary>
    private sealed class ChatSpans : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<Activity> _stopped = new();

        public ChatSpans(params string[] sources)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => sources.Contains(source.Name),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IEnumerable<Activity> Chat => _stopped.Where(a => Equals(a.GetTagItem("gen_ai.operation.name"), "chat"));

        public IEnumerable<Activity> Suggest => _stopped.Where(a => a.OperationName == EventAiTelemetry.SuggestActivityName);

        public void Dispose() => _listener.Dispose();
    }
}
