using System.Text.Json;

namespace EventAi.Tests.Privacy;

/// <summary>
/// Recall on a table of planted canaries: personal data and secrets placed in an event where real
/// events carry them, described with the default options; a canary is caught when its secret part
/// is nowhere in the description.
/// </summary>
public sealed class CanaryRecallTests
{
    /// <summary>(class, text as it appears, the part that must not leave).</summary>
    public static readonly (string Class, string Text, string Secret)[] Canaries =
    [
        ("email", "notify jane.canary@example.org failed", "jane.canary"),
        ("email, URL-encoded", "GET /invite?to=jane.canary%40example.org", "jane.canary"),
        ("IPv4", "upstream 203.0.113.57:443 reset", "203.0.113.57"),
        ("IPv6", "peer 2001:db8:3c4d:15::1a2f closed", "2001:db8:3c4d:15::1a2f"),
        ("card", "charge 4539 1488 0343 6467 declined", "4539 1488 0343 6467"),
        ("card, Amex 4-6-5", "charge 3714 496353 98431 declined", "3714 496353 98431"),
        ("IBAN", "payout to GB33BUKB20201555555555 failed", "GB33BUKB20201555555555"),
        ("bearer", "Authorization: Bearer 9a8b7c6d5e4f3a2b1c", "9a8b7c6d5e4f3a2b1c"),
        ("JWT", "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlY2FuYXJ5 rejected", "c2lnbmF0dXJlY2FuYXJ5"),
        ("PEM key", "key = '-----BEGIN PRIVATE KEY-----\\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCcanary\\n-----END PRIVATE KEY-----'", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCcanary"),
        ("AWS key", "creds AKIA2E0A8F3B244C9986 denied", "AKIA2E0A8F3B244C9986"),
        ("GitHub token", "push with ghp_CanaryCanaryCanaryCanaryCanary123456 failed", "ghp_CanaryCanaryCanaryCanaryCanary123456"),
        ("URL credentials", "clone https://deploy:Pa55w0rdCanary@git.example.com/app.git", "Pa55w0rdCanary"),
        ("URL user", "clone https://jane.canary@dev.azure.com/org/app", "jane.canary"),
        ("quoted assignment", "api_key = \"k9f8e7d6c5b4canary\"", "k9f8e7d6c5b4canary"),
        ("env assignment", "export DB_PASSWORD=Zq8wXv2canary", "Zq8wXv2canary"),
        ("YAML assignment", "password: Zq8wXv2yamlcanary", "Zq8wXv2yamlcanary"),
        ("INI assignment", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY"),
        ("log assignment", "auth failed user=bob token=tk_8c1e5canary retry=2", "tk_8c1e5canary"),
        ("connection string", "Server=db;User Id=app;Password=Canary#77;Encrypt=true", "Canary#77"),
        ("storage key", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Q2FuYXJ5S2V5==;", "Q2FuYXJ5S2V5=="),
        ("URL parameter", "GET /feed?access_token=tokcanary123&page=2", "tokcanary123"),
        ("URL signature", "PUT https://a.blob.core.windows.net/c/b?sv=2022-11-02&sig=SigCanary%3D", "SigCanary%3D"),
        ("cookie", "Cookie: theme=dark; sessionid=sesscanary42", "sesscanary42"),
        ("webhook", "POST https://hooks.slack.com/services/T0CANARY/B0CANARY/XyZcanary 404", "T0CANARY/B0CANARY/XyZcanary"),
        ("Linux home", "open('/home/janecanary/app/settings.py')", "janecanary"),
        ("macOS home", "at /Users/janecanary/Code/app/lib/task.rb:12", "janecanary"),
        ("Windows profile", "at App.Main() in C:\\Users\\janecanary\\source\\App\\Program.cs:line 9", "janecanary"),
        ("SSN", "applicant 219-09-9999 rejected", "219-09-9999"),
        ("phone, international", "sms to +1 415 555 0199 failed", "415 555 0199"),
        ("phone, UK", "call +44 20 7946 0991 back", "7946 0991"),
        ("phone, national", "callback (415) 555-0199 set", "555-0199"),
    ];

    /// <summary>The canary classes a frame's file name is scrubbed for: only a user name leaves a file name.</summary>
    private static readonly string[] UserPathClasses = ["Linux home", "macOS home", "Windows profile"];

    /// <summary>Where a canary is planted, and which canary classes scrubbing covers there.</summary>
    public static readonly (string Name, Func<string, bool> Covers, Func<string, string> Event)[] Places =
    [
        ("logentry formatted", _ => true, text => Json(new { logentry = new { formatted = text } })),
        ("logentry params", _ => true, text => Json(new { logentry = new { message = "failed: %s", @params = new[] { text } } })),
        ("message", _ => true, text => Json(new { message = text })),
        ("exception value", _ => true, text => Json(new { exception = new[] { new { type = "E", value = text } } })),
        ("mechanism meta", _ => true, text => Json(new { exception = new[] { new { type = "E", value = "v", mechanism = new { type = "generic", meta = new { detail = text } } } } })),
        ("context_line, crash frame", _ => true, text => Frames(new { function = "crash", context_line = text })),
        ("context_line, caller", _ => true, text => Frames(new { function = "caller", context_line = text }, new { function = "crash", context_line = "x" })),
        ("pre_context", _ => true, text => Frames(new { function = "crash", context_line = "x", pre_context = new[] { text } })),
        ("post_context", _ => true, text => Frames(new { function = "crash", context_line = "x", post_context = new[] { text } })),
        ("frame file name", kind => UserPathClasses.Contains(kind), text => Frames(new { function = "crash", filename = text })),
    ];

    [Test]
    public void Every_canary_is_caught_in_every_covered_place()
    {
        var missed = new List<string>();
        int covered = 0;
        int caughtCovered = 0;
        int all = 0;
        int caughtAll = 0;
        foreach ((string name, Func<string, bool> covers, Func<string, string> plant) in Places)
        {
            foreach ((string kind, string text, string secret) in Canaries)
            {
                bool isCovered = covers(kind);
                bool caught = !Describing.Describe.Event(plant(text)).ToJson().Contains(Escaped(secret), StringComparison.Ordinal);
                all++;
                caughtAll += caught ? 1 : 0;
                if (isCovered)
                {
                    covered++;
                    caughtCovered += caught ? 1 : 0;
                    if (!caught)
                    {
                        missed.Add($"{kind} in {name}");
                    }
                }
            }
        }

        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"Canary recall: {caughtCovered}/{covered} ({100.0 * caughtCovered / covered:F1}%) where covered; {caughtAll}/{all} ({100.0 * caughtAll / all:F1}%) counting the other classes in frame file names, which keep all but a user name."));
        Assert.That(missed, Is.Empty);
    }

    [Test]
    public void The_canaries_cover_every_class_of_issue_11()
    {
        Assert.That(Canaries, Has.Length.GreaterThanOrEqualTo(30));
        Assert.That(Canaries.Select(c => c.Text).Distinct().Count(), Is.EqualTo(Canaries.Length));
    }

    // The description is JSON: compare with the secret as the writer escapes it.
    private static string Escaped(string secret) => JsonSerializer.Serialize(secret, DescriptionJsonOptions)[1..^1];

    private static readonly JsonSerializerOptions DescriptionJsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string Frames(params object[] frames) =>
        Json(new { exception = new[] { new { type = "E", value = "v", stacktrace = new { frames } } } });
}
