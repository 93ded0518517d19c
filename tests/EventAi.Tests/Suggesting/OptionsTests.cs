namespace EventAi.Tests.Suggesting;

/// <summary>Options are validated when a client is created, with messages that name the setting.</summary>
public sealed class OptionsTests
{
    private Microsoft.Extensions.AI.IChatClient AnyChatClient { get; set; } = null!;

    [SetUp]
    public void CreateChatClient() =>
        AnyChatClient = ModelService.CreateChatClient(new ModelServiceOptions { ApiKey = "k", Endpoint = new Uri("http://127.0.0.1:9/v1/") }, "m");

    [TearDown]
    public void DisposeChatClient() => AnyChatClient.Dispose();

    [TestCase(-0.1f, "SuggestionOptions.Temperature")]
    [TestCase(2.5f, "SuggestionOptions.Temperature")]
    public void Temperature_out_of_range_is_rejected(float temperature, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SuggestionClient(AnyChatClient, new SuggestionOptions { Temperature = temperature }))!;

        Assert.That(error.Message, Does.Contain(setting));
    }

    [Test]
    public void A_blank_model_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new SuggestionClient(AnyChatClient, new SuggestionOptions { Model = " " }))!;

        Assert.That(error.Message, Does.Contain("SuggestionOptions.Model"));
    }

    [Test]
    public void Max_output_tokens_below_one_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SuggestionClient(AnyChatClient, new SuggestionOptions { MaxOutputTokens = 0 }))!;

        Assert.That(error.Message, Does.Contain("SuggestionOptions.MaxOutputTokens"));
    }

    [Test]
    public void Invalid_describe_options_are_rejected_through_the_suggestion_options()
    {
        var options = new SuggestionOptions { Describe = new DescribeOptions { MaxFrames = -2 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SuggestionClient(AnyChatClient, options))!;

        Assert.That(error.Message, Does.Contain("DescribeOptions.MaxFrames"));
    }

    [TestCase(null, "ModelServiceOptions.ApiKey")]
    [TestCase("", "ModelServiceOptions.ApiKey")]
    public void A_missing_api_key_is_rejected(string? key, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => ModelService.CreateChatClient(new ModelServiceOptions { ApiKey = key }, "gpt-4o"))!;

        Assert.That(error.Message, Does.Contain(setting));
    }

    [Test]
    public void Azure_without_an_endpoint_is_rejected()
    {
        var options = new ModelServiceOptions { Provider = ModelProvider.AzureOpenAI, ApiKey = "k" };

        var error = Assert.Throws<ArgumentException>(() => ModelService.CreateChatClient(options, "gpt-4o"))!;

        Assert.That(error.Message, Does.Contain("ModelServiceOptions.Endpoint"));
    }

    [Test]
    public void The_model_decides_detailed_descriptions_unless_describe_options_say_otherwise()
    {
        var detailed = new SuggestionClient(AnyChatClient, new SuggestionOptions { Model = "gpt-4o" });
        var forced = new SuggestionClient(AnyChatClient, new SuggestionOptions { Model = "gpt-4o", Describe = new DescribeOptions { Detailed = false } });

        Assert.That(detailed.Describer.Options.ResolveDetailed(), Is.True);
        Assert.That(forced.Describer.Options.ResolveDetailed(), Is.False);
    }
}
