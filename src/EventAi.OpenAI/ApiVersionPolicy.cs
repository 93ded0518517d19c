using System.ClientModel.Primitives;

namespace EventAi;

/// <summary>Sets the <c>api-version</c> query parameter of every request to one pinned version.</summary>
internal sealed class ApiVersionPolicy : PipelinePolicy
{
    private readonly string _apiVersion;

    public ApiVersionPolicy(string apiVersion) => _apiVersion = apiVersion;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Pin(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Pin(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Pin(PipelineMessage message)
    {
        if (message.Request.Uri is not { } uri)
        {
            return;
        }

        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        query["api-version"] = _apiVersion;
        message.Request.Uri = new UriBuilder(uri) { Query = query.ToString() }.Uri;
    }
}
