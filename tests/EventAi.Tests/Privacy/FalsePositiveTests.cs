using System.Text.Json;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Privacy;

/// <summary>Ordinary code and text must pass the scrubber unchanged.</summary>
public sealed class FalsePositiveTests
{
    [TestCase("hey <%= foo %>")]
    [TestCase("actionview (6.0.3.4) lib/action_view/base.rb")]
    [TestCase("undefined method `foo' for #<#<Class:0x00007fd86c31b018>:0x00007fd84829ab80>")]
    [TestCase("raise ValueError('Invalid date 2018-04-16 12:30:45')")]
    [TestCase("@app.route('/api/v1/users/<int:user_id>')")]
    [TestCase("std::vector<std::string> names = loader::load(path);")]
    [TestCase("chunk = data[1::2]")]
    [TestCase("password = request.form['password']")]
    [TestCase("if password == \"\":")]
    [TestCase("tokens = tokenize(text, max_tokens=512)")]
    [TestCase("api_key = os.environ[\"OPENAI_API_KEY\"]")]
    [TestCase("headers[\"Authorization\"] = f\"Bearer {token}\"")]
    [TestCase("return total / len(orders)  # 1.2.3 see RFC 7231 section 6.5.1")]
    [TestCase("sha = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"")]
    [TestCase("file: app-4f3a9c2e.min.js line 12 col 3104")]
    [TestCase("version = \"10.0.403\"; build = 20261126")]
    [TestCase("const timeoutMs = 1700000000000;")]
    [TestCase("Foo::Bar::Baz.call(a, b)")]
    [TestCase("at com.example.App.main(App.java:42)")]
    [TestCase("user.email.strip().lower()")]
    public void Ordinary_code_lines_are_unchanged(string line)
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames(
            JsonSerializer.Serialize(new { function = "caller", context_line = line }),
            "{}")))[1];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo(line.Trim()));
    }

    [Test]
    public void No_code_line_of_the_shared_corpus_is_changed()
    {
        SharedCorpus.RequirePresent();
        var changed = new List<string>();
        int lines = 0;
        foreach ((string name, byte[] json) in SharedCorpus.LoadSamples())
        {
            foreach (string line in CodeLines(JsonDocument.Parse(json).RootElement))
            {
                lines++;
                string scrubbed = DescribeLine(line, scrub: true);
                if (scrubbed != DescribeLine(line, scrub: false))
                {
                    changed.Add($"{name}: {line.Trim()} -> {scrubbed}");
                }
            }
        }

        TestContext.Out.WriteLine($"Scrubbing false positives: {changed.Count} of {lines} corpus code lines.");
        Assert.That(lines, Is.GreaterThan(500));
        Assert.That(changed, Is.Empty);
    }

    private static string DescribeLine(string line, bool scrub)
    {
        string json = Describe.WithFrames(JsonSerializer.Serialize(new { context_line = line }), "{}");
        var options = new DescribeOptions { Scrub = new ScrubOptions { Enabled = scrub } };
        return Describe.Frames(Describe.Exception(json, options: options))[1].TryGetProperty("code", out JsonElement code) ? code.GetString()! : "";
    }

    /// <summary>Every context_line, pre_context and post_context string anywhere in an event.</summary>
    private static IEnumerable<string> CodeLines(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name == "context_line" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    else if (property.Name is "pre_context" or "post_context" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement line in property.Value.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String))
                        {
                            yield return line.GetString()!;
                        }
                    }
                    else
                    {
                        foreach (string line in CodeLines(property.Value))
                        {
                            yield return line;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    foreach (string line in CodeLines(item))
                    {
                        yield return line;
                    }
                }

                break;
        }
    }
}
