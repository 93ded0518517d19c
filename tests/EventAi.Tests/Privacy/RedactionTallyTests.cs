using System.Text.Json;

namespace EventAi.Tests.Privacy;

/// <summary><see cref="EventDescription.Redactions"/>: what scrubbing removed from one description, per rule.</summary>
public sealed class RedactionTallyTests
{
    private const string EventWithPersonalData = """
        {"logentry":{"formatted":"login failed for bob@example.com and alice@example.com"},
         "exception":{"values":[{"type":"AuthError","value":"from 10.1.2.3","mechanism":{"meta":{"peer":"carol@example.com"}},
           "stacktrace":{"frames":[{"function":"login","context_line":"  password = \"hunter2\""}]}}]}}
        """;

    [Test]
    public void Redactions_count_every_replacement_per_rule_over_the_whole_description()
    {
        EventDescription description = Describing.Describe.Event(EventWithPersonalData);

        Assert.That(description.Redactions, Is.EquivalentTo(new Dictionary<string, int>
        {
            ["Email"] = 3,
            ["IpAddress"] = 1,
            ["SecretAssignments"] = 1,
        }));
    }

    [Test]
    public void Redactions_are_empty_when_nothing_was_removed()
    {
        EventDescription description = Describing.Describe.Event("""{"exception":[{"type":"E","value":"division by zero"}]}""");

        Assert.That(description.Redactions, Is.Empty);
    }

    [Test]
    public void Redactions_are_empty_when_scrubbing_is_off()
    {
        EventDescription description = Describing.Describe.Event(EventWithPersonalData, new DescribeOptions { Scrub = new ScrubOptions { Enabled = false } });

        Assert.That(description.Redactions, Is.Empty);
        Assert.That(description.ToJson(), Does.Contain("bob@example.com"));
    }

    [Test]
    public void Redactions_cannot_be_changed_by_the_caller()
    {
        IReadOnlyDictionary<string, int> redactions = Describing.Describe.Event(EventWithPersonalData).Redactions;

        var asDictionary = (IDictionary<string, int>)redactions;
        Assert.That(asDictionary.IsReadOnly, Is.True);
        Assert.Throws<NotSupportedException>(() => asDictionary["Email"] = 0);
    }

    [Test]
    public void Custom_patterns_are_counted_by_their_index()
    {
        var scrub = new ScrubOptions();
        scrub.CustomPatterns.Add(new ScrubPattern(@"\bcust-\d{6}\b", "[customer]"));
        scrub.CustomPatterns.Add(new ScrubPattern(@"\bproject-[a-z]+\b"));
        string json = JsonSerializer.Serialize(new { message = "cust-123456 and cust-654321 of project-apollo" });

        EventDescription description = Describing.Describe.Event(json, new DescribeOptions { Scrub = scrub });

        Assert.That(description.Redactions, Is.EquivalentTo(new Dictionary<string, int> { ["CustomPatterns[0]"] = 2, ["CustomPatterns[1]"] = 1 }));
    }

    [Test]
    public void Redactions_are_counted_before_a_token_budget_reduction()
    {
        string json = JsonSerializer.Serialize(new
        {
            message = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"user{i}@example.com")),
            exception = new[] { new { type = "E", value = "v" } },
        });

        EventDescription description = Describing.Describe.Event(json, new DescribeOptions { MaxTokens = 60 });

        Assert.That(description.ReducedToFitTokenBudget, Is.True);
        Assert.That(description.Redactions["Email"], Is.EqualTo(200));
    }

    [Test]
    public void Each_description_counts_only_its_own_redactions()
    {
        var describer = new EventDescriber();

        EventDescription first = describer.Describe(System.Text.Encoding.UTF8.GetBytes(EventWithPersonalData));
        EventDescription second = describer.Describe("""{"message":"mail dave@example.com"}"""u8.ToArray());

        Assert.That(first.Redactions["Email"], Is.EqualTo(3));
        Assert.That(second.Redactions, Is.EquivalentTo(new Dictionary<string, int> { ["Email"] = 1 }));
    }
}
