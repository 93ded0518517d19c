using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EventAi.Tests.Policy;

/// <summary>SPEC §5, row by row.</summary>
public sealed class OpenAiPolicyTests
{
    private static readonly OpenAiPolicyContext Caller = new("acme", "jane", PiiCertified: false, Consent: false);

    private static ValueTask<OpenAiPolicyDecision> Evaluate(OpenAiPolicyContext context, params string?[] opinions) =>
        new OpenAiPolicy(opinions.Select(o => new FixedCheck(o))).EvaluateAsync(context);

    [Test]
    public async Task No_checks_means_allowed()
    {
        Assert.That((await Evaluate(Caller)).IsAllowed, Is.True);
    }

    [Test]
    public async Task Checks_without_an_opinion_mean_allowed()
    {
        Assert.That((await Evaluate(Caller, null, null)).IsAllowed, Is.True);
    }

    [Test]
    public async Task The_last_opinion_wins()
    {
        Assert.That((await Evaluate(Caller, OpenAiPolicyNames.Subprocessor, OpenAiPolicyNames.Allowed, null)).IsAllowed, Is.True);
        Assert.That((await Evaluate(Caller, OpenAiPolicyNames.Allowed, OpenAiPolicyNames.Subprocessor)).Restriction, Is.EqualTo("subprocessor"));
    }

    [Test]
    public async Task Individual_consent_restricts_unless_the_caller_consented()
    {
        Assert.That((await Evaluate(Caller, OpenAiPolicyNames.IndividualConsent)).Restriction, Is.EqualTo("individual_consent"));
        Assert.That((await Evaluate(Caller with { Consent = true }, OpenAiPolicyNames.IndividualConsent)).IsAllowed, Is.True);
    }

    [Test]
    public async Task Subprocessor_restricts()
    {
        Assert.That((await Evaluate(Caller with { Consent = true }, OpenAiPolicyNames.Subprocessor)).Restriction, Is.EqualTo("subprocessor"));
    }

    [Test]
    public async Task Pii_certification_required_restricts()
    {
        Assert.That((await Evaluate(Caller, OpenAiPolicyNames.PiiCertificationRequired)).Restriction, Is.EqualTo("pii_certification_required"));
    }

    [Test]
    public async Task Checks_see_the_caller()
    {
        var check = new PiiAwareCheck();

        OpenAiPolicyDecision uncertified = await new OpenAiPolicy([check]).EvaluateAsync(Caller);
        OpenAiPolicyDecision certified = await new OpenAiPolicy([check]).EvaluateAsync(Caller with { PiiCertified = true });

        Assert.That(uncertified.Restriction, Is.EqualTo("pii_certification_required"));
        Assert.That(certified.IsAllowed, Is.True);
        Assert.That(check.Seen.Select(c => c.Organization), Is.All.EqualTo("acme"));
    }

    [Test]
    public async Task An_unknown_policy_fails_closed_with_a_warning()
    {
        var logger = new FakeLogger<OpenAiPolicy>();

        OpenAiPolicyDecision decision = await new OpenAiPolicy([new FixedCheck("allowed_for_admins")], logger).EvaluateAsync(Caller);

        Assert.That(decision.IsAllowed, Is.False);
        Assert.That(decision.Restriction, Is.EqualTo("allowed_for_admins"));
        Assert.That(logger.Collector.LatestRecord.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(logger.Collector.LatestRecord.Message, Does.Contain("allowed_for_admins"));
    }

    private sealed class FixedCheck(string? opinion) : IOpenAiPolicyCheck
    {
        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken) => ValueTask.FromResult(opinion);
    }

    private sealed class PiiAwareCheck : IOpenAiPolicyCheck
    {
        public List<OpenAiPolicyContext> Seen { get; } = [];

        public ValueTask<string?> GetPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken)
        {
            Seen.Add(context);
            return ValueTask.FromResult(context.PiiCertified ? null : OpenAiPolicyNames.PiiCertificationRequired);
        }
    }
}
