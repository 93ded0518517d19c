using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventAi;

/// <summary>
/// Decides whether event data may go to the model service (SPEC §5): the registered
/// <see cref="IOpenAiPolicyCheck"/>s are asked in order, the last opinion wins, no opinion means
/// allowed, and an unknown policy restricts the request and is logged as a warning.
/// </summary>
public sealed partial class OpenAiPolicy
{
    private readonly IOpenAiPolicyCheck[] _checks;
    private readonly ILogger _logger;

    /// <summary>Creates the policy over its checks.</summary>
    /// <param name="checks">The checks, asked in order.</param>
    /// <param name="logger">Where unknown policies are reported.</param>
    public OpenAiPolicy(IEnumerable<IOpenAiPolicyCheck> checks, ILogger<OpenAiPolicy>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _checks = [.. checks];
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Evaluates the policy for a caller.</summary>
    /// <param name="context">Who asks.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    public async ValueTask<OpenAiPolicyDecision> EvaluateAsync(OpenAiPolicyContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        string policy = OpenAiPolicyNames.Allowed;
        foreach (IOpenAiPolicyCheck check in _checks)
        {
            if (await check.GetPolicyAsync(context, cancellationToken).ConfigureAwait(false) is { } opinion)
            {
                policy = opinion;
            }
        }

        OpenAiPolicyDecision decision = policy switch
        {
            OpenAiPolicyNames.Allowed => OpenAiPolicyDecision.Allowed,
            OpenAiPolicyNames.IndividualConsent => context.Consent ? OpenAiPolicyDecision.Allowed : new(OpenAiPolicyNames.IndividualConsent),
            OpenAiPolicyNames.Subprocessor => new(OpenAiPolicyNames.Subprocessor),
            OpenAiPolicyNames.PiiCertificationRequired => new(OpenAiPolicyNames.PiiCertificationRequired),
            _ => Unknown(policy),
        };

        if (!decision.IsAllowed)
        {
            HostingTelemetry.PolicyRestrictionsCounter.Add(1, new KeyValuePair<string, object?>("eventai.policy.restriction", decision.Restriction));
            Activity.Current?.SetTag("eventai.policy.restriction", decision.Restriction);
        }

        return decision;
    }

    private OpenAiPolicyDecision Unknown(string policy)
    {
        LogUnknownPolicy(_logger, policy);
        return new OpenAiPolicyDecision(policy);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Unknown OpenAI policy '{Policy}': the request is restricted.")]
    private static partial void LogUnknownPolicy(ILogger logger, string policy);
}
