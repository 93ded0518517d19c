namespace EventAi;

/// <summary>
/// One opinion on whether event data may go to the model service. Register any number; the last one
/// with an opinion wins, and with none the policy is <see cref="OpenAiPolicyNames.Allowed"/>.
/// </summary>
public interface IOpenAiPolicyCheck
{
    /// <summary>
    /// The policy for the context (one of <see cref="OpenAiPolicyNames"/>), or <c>null</c> for no opinion.
    /// Any other value restricts the request (fail closed) and is logged as a warning.
    /// </summary>
    /// <param name="context">Who asks.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken);
}
