namespace EventAi;

/// <summary>
/// Slack, Discord and Microsoft Teams (Office 365 connector) webhook URLs, whose path is the secret:
/// <c>https://hooks.slack.com/services/T0/B0/XXXX</c> becomes <c>https://hooks.slack.com/services/[secret]</c>,
/// so the service and the kind of hook stay.
/// </summary>
internal sealed class WebhookUrlRule : ScrubRule
{
    // Host (or the end of it) and the path after which everything is the secret.
    private static readonly (string Host, string[] Paths)[] Hooks =
    [
        ("hooks.slack.com", ["/services/", "/workflows/", "/triggers/"]),
        ("discord.com", ["/api/webhooks/"]),
        ("discordapp.com", ["/api/webhooks/"]),
        (".webhook.office.com", ["/webhookb2/"]),
        ("outlook.office.com", ["/webhook/"]),
        ("outlook.office365.com", ["/webhook/"]),
    ];

    private static readonly System.Buffers.SearchValues<string> Hosts = System.Buffers.SearchValues.Create(
        Hooks.Select(hook => hook.Host).ToArray(), StringComparison.OrdinalIgnoreCase);

    public WebhookUrlRule()
        : base(nameof(ScrubRules.WebhookUrls))
    {
    }

    public override bool MayMatch(TextTraits traits) => traits.HasFlag(TextTraits.Slash) && traits.HasFlag(TextTraits.Dot);

    public override bool MayMatch(ReadOnlySpan<char> text) => text.IndexOfAny(Hosts) >= 0;

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAny(Hosts);
            if (hit < 0)
            {
                return;
            }

            int host = position + hit;
            found.CheckBudget();
            int secretStart = SecretStart(text, host, position);
            if (secretStart < 0)
            {
                position = host + 1;
                continue;
            }

            int end = secretStart;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not '<' and not '>' && !TextScan.IsQuote(text[end]))
            {
                end++;
            }

            found.Add(text, secretStart, end - secretStart, "[secret]");
            position = Math.Max(end, host + 1);
        }
    }

    /// <summary>Where the secret part starts, when the host at <paramref name="host"/> is that of an http(s) webhook URL; else -1.</summary>
    private static int SecretStart(ReadOnlySpan<char> text, int host, int from)
    {
        foreach ((string name, string[] paths) in Hooks)
        {
            if (!text[host..].StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // The host may start earlier: "ptb.discord.com", "contoso.webhook.office.com".
            int hostStart = host;
            while (hostStart > from && (char.IsAsciiLetterOrDigit(text[hostStart - 1]) || text[hostStart - 1] is '.' or '-'))
            {
                hostStart--;
            }

            ReadOnlySpan<char> before = text[..hostStart];
            if (!before.EndsWith("https://", StringComparison.OrdinalIgnoreCase) && !before.EndsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                return -1;
            }

            int pathStart = host + name.Length;
            foreach (string path in paths)
            {
                if (text[pathStart..].StartsWith(path, StringComparison.OrdinalIgnoreCase))
                {
                    int secretStart = pathStart + path.Length;
                    return secretStart < text.Length && !char.IsWhiteSpace(text[secretStart]) ? secretStart : -1;
                }
            }

            return -1;
        }

        return -1;
    }
}
