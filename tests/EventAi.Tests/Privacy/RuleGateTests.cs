using System.Text.RegularExpressions;
using CsCheck;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Privacy;

/// <summary>
/// The cheap tests that let a rule's regular expression be built and run only for text that could match:
/// each must hold exactly when its shape occurs, so that no match is ever skipped.
/// </summary>
public sealed class RuleGateTests
{
    // Digits (ASCII and Arabic-Indic, which \d also counts), dashes, capitals, a lower-case letter, blanks.
    private static readonly Gen<string> Texts = Gen.String[Gen.Char["0123456789٣٤-- ABZDEa"], 0, 40];

    [Test]
    public void The_ssn_gate_holds_exactly_when_the_shape_occurs() =>
        SeededProperty.Check(Texts, text => TextScan.HasSsnShape(text) == Regex.IsMatch(text, @"\d{3}-\d{2}-\d{4}"), seed: 12, cases: 20_000);

    [Test]
    public void The_iban_gate_holds_exactly_when_the_shape_occurs() =>
        SeededProperty.Check(Texts, text => TextScan.HasIbanStart(text) == Regex.IsMatch(text, @"[A-Z]{2}\d{2}"), seed: 12, cases: 20_000);

    [TestCase("ssn 078-05-1120 here", "[ssn]")]
    [TestCase("078-05-1120", "[ssn]")]
    [TestCase("IBAN DE89 3704 0044 0532 0130 00", "[iban]")]
    [TestCase("GB82WEST12345698765432", "[iban]")]
    public void Values_with_the_shape_are_still_scrubbed(string value, string replacement)
    {
        byte[] json = System.Text.Encoding.UTF8.GetBytes($$"""{"exception":[{"type":"E","value":"{{value}}"}]}""");

        string description = new EventDescriber().Describe(json).ToJson();

        Assert.That(description, Does.Contain(replacement));
    }
}
