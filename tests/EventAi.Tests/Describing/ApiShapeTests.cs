using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Describing;

/// <summary>
/// Events in the shape Sentry's REST API returns them (<c>entries</c>, camel-cased frames, <c>context</c>
/// pairs, <c>threadId</c>) are described by the same SPEC §2 rules as the ingestion shape.
/// </summary>
public sealed class ApiShapeTests
{
    private static IEnumerable<string> Samples() => SharedCorpus.SampleNames().Concat(BundledSamples());

    [TestCaseSource(nameof(Samples))]
    public void Both_shapes_of_a_sample_describe_identically(string sample)
    {
        JsonObject ingestion = Load(sample);
        foreach (DescribeOptions options in new[] { new DescribeOptions(), new DescribeOptions { Detailed = true } })
        {
            string fromApi = DescribeNode(SentryApiShape.Convert(ingestion), options);
            string fromIngestion = DescribeNode(SentryApiShape.AsServed(ingestion), options);

            Assert.That(fromApi, Is.EqualTo(fromIngestion), $"Detailed = {options.Detailed}");
        }
    }

    [TestCaseSource(nameof(Samples))]
    public void The_api_shape_of_a_sample_matches_its_snapshot(string sample)
    {
        EventDescription description = new EventDescriber().Describe(Encoding.UTF8.GetBytes(SentryApiShape.Convert(Load(sample)).ToJsonString()));

        Snapshot.Match(description.ToJson(), $"{Path.GetFileNameWithoutExtension(sample)}.api.compact");
    }

    [Test]
    public void Only_frames_without_a_line_number_lose_their_source_in_the_api_shape()
    {
        SharedCorpus.RequirePresent();

        string[] changed = Samples()
            .Where(sample => DescribeNode(SentryApiShape.AsServed(Load(sample)), new DescribeOptions()) != DescribeNode(Load(sample), new DescribeOptions()))
            .ToArray();

        // The old .NET SDK of aspnetcore.json puts the method signature in context_line without a line number.
        Assert.That(changed, Is.EqualTo(new[] { "aspnetcore.json" }));
    }

    [Test]
    public void Entries_are_read_whether_data_or_type_comes_first()
    {
        const string DataFirst = """{"entries":[{"data":{"values":[{"type":"E","value":"v"}]},"type":"exception"}]}""";
        const string TypeFirst = """{"entries":[{"type":"exception","data":{"values":[{"type":"E","value":"v"}]}}]}""";

        Assert.That(Describe.Event(DataFirst).ToJson(), Is.EqualTo("""{"exceptions":[{"num":1,"type":"E","message":"v"}]}"""));
        Assert.That(Describe.Event(TypeFirst).ToJson(), Is.EqualTo(Describe.Event(DataFirst).ToJson()));
    }

    [Test]
    public void The_message_entry_is_the_logentry_and_the_top_level_message_the_fallback()
    {
        JsonElement withEntry = Describe.Json("""{"message":"legacy","entries":[{"type":"message","data":{"formatted":"from entry"}}]}""");
        JsonElement withoutEntry = Describe.Json("""{"message":"legacy","entries":[]}""");

        Assert.That(withEntry.GetProperty("message").GetProperty("formatted").GetString(), Is.EqualTo("from entry"));
        Assert.That(withoutEntry.GetProperty("message").GetString(), Is.EqualTo("legacy"));
    }

    [Test]
    public void Camel_cased_frame_keys_are_read()
    {
        JsonElement frame = Describe.Frames(Describe.Exception("""
            {"entries":[{"type":"exception","data":{"values":[{"type":"E","stacktrace":{"frames":[
              {"function":"f","module":"m","filename":"a.py","absPath":"/x/a.py","lineNo":3,"colNo":9,"inApp":true,"rawFunction":"raw_f"}]}}]}}]}
            """))[0];

        Assert.That(frame.GetRawText(), Is.EqualTo("""{"func":"f","module":"m","file":"a.py","line":3,"in_app":true,"crash":"here","code":""}"""));
    }

    [Test]
    public void Context_pairs_are_split_around_the_pair_of_the_frame_line()
    {
        const string Frames = """
            [{"function":"caller","lineNo":7,"context":[[6,"  before()"],[7,"  call()  "],[8,"  after()"]]},
             {"function":"crash","lineNo":20,"context":[[18,"a = 1"],[19,"b = 0"],[20,"  return a / b  "],[21,""],[22,"# end"]]}]
            """;
        JsonElement[] frames = Describe.Frames(Describe.Exception($$$"""{"entries":[{"type":"exception","data":{"values":[{"type":"E","stacktrace":{"frames":{{{Frames}}}}}]}}]}"""));

        Assert.That(frames[0].GetRawText(), Is.EqualTo("""{"func":"crash","line":20,"crash":"here","code_before":["a = 1","b = 0"],"code":"  return a / b  ","code_after":["","# end"]}"""));
        Assert.That(frames[1].GetRawText(), Is.EqualTo("""{"func":"caller","line":7,"code":"call()"}"""));
    }

    [TestCase("""[[11,"x"],[12.0,"line"]]""", "12", "line")]
    [TestCase("""[[1,"x"],[2,"y"]]""", "null", "")]
    [TestCase("""[[1,"x"],"junk",[2],[3,"line",9]]""", "3", "line")]
    public void The_context_line_is_the_pair_whose_number_equals_the_line(string context, string lineNo, string code)
    {
        JsonElement frame = Describe.Frames(Describe.Exception($$$"""
            {"entries":[{"type":"exception","data":{"values":[{"stacktrace":{"frames":[{"lineNo":{{{lineNo}}},"context":{{{context}}}}]}}]}}]}
            """))[0];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo(code));
    }

    [Test]
    public void The_thread_of_an_exception_is_found_by_thread_id_in_the_threads_entry()
    {
        JsonElement exception = Describe.Exception("""
            {"entries":[
              {"type":"exception","data":{"values":[{"type":"E","threadId":2}]}},
              {"type":"threads","data":{"values":[
                {"id":1,"crashed":true,"stacktrace":{"frames":[{"function":"crashed"}]}},
                {"id":2,"stacktrace":{"frames":[{"function":"by_id","lineNo":4,"context":[[4,"  here()"]]}]}}]}}]}
            """);

        Assert.That(Describe.Frames(exception)[0].GetRawText(), Is.EqualTo("""{"func":"by_id","line":4,"crash":"here","code":"  here()"}"""));
    }

    [Test]
    public void The_stacktrace_entry_is_described_when_there_are_no_exceptions()
    {
        JsonElement description = Describe.Json("""{"entries":[{"type":"stacktrace","data":{"frames":[{"function":"top","inApp":true}]}}]}""");

        Assert.That(Describe.Frames(description)[0].GetRawText(), Is.EqualTo("""{"func":"top","in_app":true,"crash":"here","code":""}"""));
    }

    [Test]
    public void The_first_entry_of_a_type_is_read()
    {
        JsonElement exception = Describe.Exception("""
            {"entries":[{"type":"exception","data":{"values":[{"type":"First"}]}},{"type":"exception","data":{"values":[{"type":"Second"}]}}]}
            """);

        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("First"));
    }

    [Test]
    public void Ingestion_keys_win_over_entries_and_snake_case_over_camel_case()
    {
        JsonElement exception = Describe.Exception("""
            {"exception":{"values":[{"type":"Ingested","stacktrace":{"frames":[{"lineno":1,"lineNo":2,"in_app":false,"inApp":true}]}}]},
             "entries":[{"type":"exception","data":{"values":[{"type":"FromApi"}]}}]}
            """);

        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("Ingested"));
        Assert.That(Describe.Frames(exception)[0].GetRawText(), Is.EqualTo("""{"line":1,"crash":"here","code":""}"""));
    }

    private static IEnumerable<string> BundledSamples() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "samples", "events"), "*.json").Select(path => "samples/" + Path.GetFileName(path)).Order(StringComparer.Ordinal);

    private static JsonObject Load(string sample)
    {
        string path = sample.StartsWith("samples/", StringComparison.Ordinal)
            ? Path.Combine(RepoPaths.Root, "samples", "events", sample["samples/".Length..])
            : SharedCorpus.SamplePath(sample);
        return JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
    }

    private static string DescribeNode(JsonObject json, DescribeOptions options) =>
        new EventDescriber(options).Describe(Encoding.UTF8.GetBytes(json.ToJsonString())).ToJson();
}
