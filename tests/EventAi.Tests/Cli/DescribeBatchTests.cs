using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Cli;

/// <summary><c>eventai describe FILE... | DIR</c>: one JSON line per event file, errors as lines of their own.</summary>
public sealed class DescribeBatchTests
{
    private const string Event = """
        {"platform":"python","exception":{"values":[{"type":"ZeroDivisionError","value":"division by zéro",
          "stacktrace":{"frames":[
            {"function":"main","context_line":"  run()","pre_context":["a"]},
            {"function":"run","context_line":"  divide()","pre_context":["b"]},
            {"function":"divide","context_line":"  1/0","pre_context":["c"]}]}}]}}
        """;

    private static string SampleEvent => Path.Combine(RepoPaths.Root, "samples", "events", "python-zero-division.json");

    private static string OtherSampleEvent => Path.Combine(RepoPaths.Root, "samples", "events", "dotnet-null-reference.json");

    [Test]
    public async Task Several_files_print_one_line_each_in_the_order_given()
    {
        CliRun run = await CliRun.RunAsync(["describe", OtherSampleEvent, SampleEvent]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stderr, Is.Empty);
        Assert.That(Lines(run.Stdout), Is.EqualTo(new[] { ExpectedLine(OtherSampleEvent), ExpectedLine(SampleEvent) }));
    }

    [Test]
    public async Task A_directory_gives_its_json_files_in_ordinal_order_and_nothing_else()
    {
        using var directory = new TemporaryDirectory();
        string b = directory.Write("b.json", Event.Replace("zéro", "b", StringComparison.Ordinal));
        string a = directory.Write("a.JSON", Event.Replace("zéro", "a", StringComparison.Ordinal));
        string capital = directory.Write("C.json", Event.Replace("zéro", "C", StringComparison.Ordinal));
        directory.Write("notes.txt", "not an event");
        Directory.CreateDirectory(Path.Combine(directory.Path, "nested.json"));
        directory.Write(Path.Combine("sub", "deeper.json"), Event);

        CliRun run = await CliRun.RunAsync(["describe", directory.Path]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(Lines(run.Stdout), Is.EqualTo(new[] { ExpectedLine(capital), ExpectedLine(a), ExpectedLine(b) }));
    }

    [Test]
    public async Task A_file_that_fails_is_a_line_naming_it_and_the_others_are_still_described()
    {
        using var directory = new TemporaryDirectory();
        string invalid = directory.Write("invalid.json", "{\n  \"a\": [1,]\n}");
        string empty = directory.Write("empty.json", "  \n");
        string array = directory.Write("array.json", "[1, 2]");
        string missing = Path.Combine(directory.Path, "missing.json");

        CliRun run = await CliRun.RunAsync(["describe", SampleEvent, invalid, empty, missing, array, directory.Path + "/none", OtherSampleEvent]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        string[] lines = Lines(run.Stdout);
        Assert.That(lines, Has.Length.EqualTo(7));
        Assert.That(lines[0], Is.EqualTo(ExpectedLine(SampleEvent)));
        AssertError(lines[1], invalid, "line 2, byte");
        AssertError(lines[2], empty, "the file is empty");
        AssertError(lines[3], missing, "file not found");
        AssertError(lines[4], array, "not a JSON object");
        AssertError(lines[5], directory.Path + "/none", "file not found");
        Assert.That(lines[6], Is.EqualTo(ExpectedLine(OtherSampleEvent)));

        string[] messages = run.Stderr.TrimEnd('\n').Split('\n');
        Assert.That(messages, Has.Length.EqualTo(6));
        Assert.That(messages[0], Does.StartWith($"eventai: {invalid}: The event is not valid JSON").And.Contain("line 2, byte"));
        Assert.That(messages[2], Is.EqualTo($"eventai: {missing}: file not found"));
        Assert.That(messages[5], Is.EqualTo("eventai: 5 of 7 files failed (see their \"error\" lines)."));
    }

    [Test]
    public async Task A_malformed_corpus_original_in_a_batch_names_its_line()
    {
        string path = SharedCorpus.InvalidPath("ruby.json");

        CliRun run = await CliRun.RunAsync(["describe", path, SampleEvent]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        string[] lines = Lines(run.Stdout);
        AssertError(lines[0], path, "line 23, byte");
        Assert.That(lines[1], Is.EqualTo(ExpectedLine(SampleEvent)));
    }

    [Test]
    public async Task A_directory_without_json_files_is_an_error_line()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("readme.txt", "nothing here");

        CliRun run = await CliRun.RunAsync(["describe", directory.Path, SampleEvent]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        string[] lines = Lines(run.Stdout);
        AssertError(lines[0], directory.Path, "a directory without .json files");
        Assert.That(lines[1], Is.EqualTo(ExpectedLine(SampleEvent)));
    }

    [Test]
    public async Task The_options_apply_to_every_file_and_tokens_adds_the_count_to_each_line()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--max-frames", "1", "--model", "gpt-4", "--tokens", SampleEvent, OtherSampleEvent]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        var describer = new EventDescriber(new DescribeOptions { Model = "gpt-4", MaxFrames = 1 });
        string[] lines = Lines(run.Stdout);
        Assert.That(lines, Has.Length.EqualTo(2));
        foreach ((string line, string path) in lines.Zip([SampleEvent, OtherSampleEvent]))
        {
            using JsonDocument document = JsonDocument.Parse(line);
            string compact = describer.Describe(File.ReadAllBytes(path)).ToJson();
            Assert.That(document.RootElement.GetProperty("description").GetRawText(), Is.EqualTo(compact));
            Assert.That(document.RootElement.GetProperty("tokens").GetInt32(), Is.EqualTo(TokenCounter.CountTokens(compact, "gpt-4")));
            foreach (JsonElement exception in document.RootElement.GetProperty("description").GetProperty("exceptions").EnumerateArray())
            {
                Assert.That(exception.GetProperty("stacktrace").GetArrayLength(), Is.LessThanOrEqualTo(1));
            }
        }
    }

    [Test]
    public async Task Show_redactions_adds_what_scrubbing_replaced_to_each_line()
    {
        using var directory = new TemporaryDirectory();
        string secret = directory.Write("secret.json", """{"exception":[{"type":"E","value":"mail bob@example.com from 10.0.0.7"}]}""");
        string plain = directory.Write("plain.json", """{"exception":[{"type":"E","value":"nothing to hide"}]}""");

        CliRun run = await CliRun.RunAsync(["describe", "--show-redactions", directory.Path]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        string[] lines = Lines(run.Stdout);
        using JsonDocument plainLine = JsonDocument.Parse(lines[0]);
        using JsonDocument secretLine = JsonDocument.Parse(lines[1]);
        Assert.That(plainLine.RootElement.GetProperty("file").GetString(), Is.EqualTo(plain));
        Assert.That(plainLine.RootElement.GetProperty("redactions").GetRawText(), Is.EqualTo("{}"));
        Assert.That(secretLine.RootElement.GetProperty("file").GetString(), Is.EqualTo(secret));
        EventDescription expected = new EventDescriber().Describe(File.ReadAllBytes(secret));
        Assert.That(expected.Redactions, Is.Not.Empty);
        Assert.That(
            secretLine.RootElement.GetProperty("redactions").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())),
            Is.EquivalentTo(expected.Redactions.Select(p => (p.Key, p.Value))));
    }

    [Test]
    public async Task A_description_over_max_tokens_is_an_error_line_with_the_numbers()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--max-tokens", "5", SampleEvent, OtherSampleEvent]);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        string[] lines = Lines(run.Stdout);
        AssertError(lines[0], SampleEvent, "more than --max-tokens 5 allows");
        AssertError(lines[1], OtherSampleEvent, "more than --max-tokens 5 allows");
    }

    [Test]
    public async Task File_names_and_text_are_written_as_json_strings()
    {
        using var directory = new TemporaryDirectory();
        string odd = directory.Write("quote\"back\\slash é.json", Event);

        CliRun run = await CliRun.RunAsync(["describe", odd, SampleEvent]);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        using JsonDocument document = JsonDocument.Parse(Lines(run.Stdout)[0]);
        Assert.That(document.RootElement.GetProperty("file").GetString(), Is.EqualTo(odd));
        Assert.That(document.RootElement.GetProperty("description").GetRawText(), Does.Contain("division by zéro"));
    }

    [Test]
    public async Task Sentry_with_several_files_is_a_usage_error()
    {
        CliRun run = await CliRun.RunAsync(["describe", "--sentry", "https://sentry.io/organizations/acme/issues/1/", SampleEvent, OtherSampleEvent]);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("not both"));
    }

    [Test]
    public async Task The_built_tool_describes_a_directory_of_many_files_in_one_process()
    {
        using var directory = new TemporaryDirectory();
        for (int i = 0; i < 200; i++)
        {
            directory.Write($"event-{i:D3}.json", Event.Replace("zéro", $"zéro {i}", StringComparison.Ordinal));
        }

        directory.Write("event-200.json", "{\"exception\": ");

        string tool = Path.Combine(AppContext.BaseDirectory, "EventAi.Cli.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", tool, "describe", directory.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(1), await stderr);
        string[] lines = Lines(await stdout);
        Assert.That(lines, Has.Length.EqualTo(201));
        for (int i = 0; i < 200; i++)
        {
            using JsonDocument document = JsonDocument.Parse(lines[i]);
            Assert.That(document.RootElement.GetProperty("file").GetString(), Is.EqualTo(Path.Combine(directory.Path, $"event-{i:D3}.json")));
            Assert.That(document.RootElement.GetProperty("description").GetRawText(), Does.Contain($"division by zéro {i}\""));
        }

        AssertError(lines[200], Path.Combine(directory.Path, "event-200.json"), "not valid JSON");
        Assert.That(await stderr, Does.EndWith("eventai: 1 of 201 files failed (see their \"error\" lines).\n"));
    }

    private static string[] Lines(string stdout)
    {
        Assert.That(stdout, Does.EndWith("\n").Or.Empty);
        return stdout.Length == 0 ? [] : stdout[..^1].Split('\n');
    }

    private static string ExpectedLine(string path)
    {
        string description = new EventDescriber().Describe(File.ReadAllBytes(path)).ToJson();
        return $"{{\"file\":{JsonSerializer.Serialize(path)},\"description\":{description}}}";
    }

    private static void AssertError(string line, string path, string problem)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        Assert.That(root.GetProperty("file").GetString(), Is.EqualTo(path), line);
        Assert.That(root.GetProperty("error").GetString(), Does.Contain(problem), line);
        Assert.That(root.TryGetProperty("description", out _), Is.False, line);
    }

    /// <summary>A directory of its own under the temporary folder, deleted afterwards.</summary>
    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("eventai-batch-").FullName;

        public string Write(string name, string text)
        {
            string file = System.IO.Path.Combine(Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
            return file;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
