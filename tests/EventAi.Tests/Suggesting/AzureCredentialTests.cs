using Azure.Core;
using EventAi.Testing;

namespace EventAi.Tests.Suggesting;

/// <summary>Azure OpenAI with an Entra ID credential instead of a key, through the real Azure SDK.</summary>
public sealed class AzureCredentialTests : ModelServerFixture
{
    [Test]
    public async Task An_entra_id_credential_is_sent_as_a_bearer_token_and_no_api_key()
    {
        var credential = new IssuingCredential("entra-token-7f3a");
        var options = new ModelServiceOptions
        {
            Provider = ModelProvider.AzureOpenAI,
            Endpoint = Server.BaseUrl,
            Credential = credential,
            Deployment = "prod-gpt4o",
        };

        List<string> chunks = await CollectAsync(new SuggestionClient(ModelService.CreateChatClient(options)).StreamAsync(Utf8(EventJson)));

        RecordedRequest request = Server.Requests.Single();
        Assert.That(chunks, Is.EqualTo(new[] { "Hello", " from", " the fake model." }));
        Assert.That(request.Header("Authorization"), Is.EqualTo("Bearer entra-token-7f3a"));
        Assert.That(request.Header("api-key"), Is.Null);
        Assert.That(request.Path, Is.EqualTo("/openai/deployments/prod-gpt4o/chat/completions"));
        Assert.That(credential.Scopes, Has.Some.Contain("cognitiveservices.azure.com"), "the token is asked for Azure OpenAI's scope");
    }

    [Test]
    public void A_credential_counts_as_credentials_for_azure_only()
    {
        var azure = new ModelServiceOptions { Provider = ModelProvider.AzureOpenAI, Credential = new IssuingCredential("t") };
        var openAi = new ModelServiceOptions { Provider = ModelProvider.OpenAI, Credential = new IssuingCredential("t") };

        Assert.That(azure.HasCredentials, Is.True);
        Assert.That(openAi.HasCredentials, Is.False);
        Assert.That(azure.ToString(), Does.Contain("Entra ID credential"));
    }

    /// <summary>Entra ID at the process boundary: hands out a fixed token and records the scopes asked for.</summary>
    private sealed class IssuingCredential(string token) : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
