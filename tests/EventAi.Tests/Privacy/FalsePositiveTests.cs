using System.Text.Json;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Privacy;

/// <summary>Ordinary code and text must pass the scrubber unchanged.</summary>
public sealed class FalsePositiveTests
{
    [TestCase("hey <%= foo %>")]
    [TestCase("actionview (6.0.3.4) lib/action_view/base.rb")]
    [TestCase("undefined method `foo' for #<#<Class:0x00007fd86c31b018>:0x00007fd84829ab80>")]
    [TestCase("raise ValueError('Invalid date 2018-04-16 12:30:45')")]
    [TestCase("@app.route('/api/v1/users/<int:user_id>')")]
    [TestCase("std::vector<std::string> names = loader::load(path);")]
    [TestCase("chunk = data[1::2]")]
    [TestCase("password = request.form['password']")]
    [TestCase("if password == \"\":")]
    [TestCase("tokens = tokenize(text, max_tokens=512)")]
    [TestCase("api_key = os.environ[\"OPENAI_API_KEY\"]")]
    [TestCase("headers[\"Authorization\"] = f\"Bearer {token}\"")]
    [TestCase("return total / len(orders)  # 1.2.3 see RFC 7231 section 6.5.1")]
    [TestCase("sha = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"")]
    [TestCase("file: app-4f3a9c2e.min.js line 12 col 3104")]
    [TestCase("version = \"10.0.403\"; build = 20261126")]
    [TestCase("const timeoutMs = 1700000000000;")]
    [TestCase("Foo::Bar::Baz.call(a, b)")]
    [TestCase("at com.example.App.main(App.java:42)")]
    [TestCase("user.email.strip().lower()")]
    public void Ordinary_code_lines_are_unchanged(string line)
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames(
            JsonSerializer.Serialize(new { function = "caller", context_line = line }),
            "{}")))[1];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo(line.Trim()));
    }

    /// <summary>Text that looks like personal data or a secret and is not: each is the clue to a real fix.</summary>
    public static readonly string[] LookAlikes =
    [
        "Could not load file or assembly 'Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed'",
        "Microsoft.AspNetCore.Routing, Version=2.1.1.0, Culture=neutral, PublicKeyToken=adb9793829ddae60",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "upgrade to 2.4.1.0 failed",
        "Version=4.2.1.3 mismatch",
        "fatal: could not read from git@github.com:org/repo.git",
        "clone ssh://git@github.com/org/repo.git",
        "Redis connection to 127.0.0.1:6379 refused",
        "Listening on [::1]:8080 and ::1 and 0.0.0.0:5000 and :: port 80",
        "bind ::ffff:127.0.0.1 refused",
        "Invalid password: must contain a digit",
        "Error validating token: signature mismatch",
        "Password: too short",
        "token expired at 2021-02-14T14:09:35+00:00",
        "icon@2x.png not found",
        "job 123e4567-e89b-12d3-a456-426614174000 failed",
        "GMT+1 offset +0100",
        "Request starting HTTP/1.1 POST http://localhost:62919/Home/PostIndex application/json; charset=UTF-8 65",
        "@app.route('/api/v1/users/<int:user_id>')",
        "return redirect(\"/Home/Index\");",
        "build 2024-01-15 #4155550134 order 1234-5678",
        "ids 415-555-01345 and ORD-415-555-0134 and 415.555.0134",
        "range 100-200-3000 and 12-31-2024 and 000-12-3456",
        "elapsed 12:30:45, mac 00:1a:2b:3c:4d:5e",
        "max_tokens=512 token_count: 42 token_type: bearer",
        "password_policy=strict; min password: 8 characters",
        "signature mismatch for key_id=abc123",
        "cache ?sort_key=name&page_token_count=3",
        "connection refused while reading PASSWORD_FILE=/run/secrets/db",
        "session_timeout=30 use_session=true",
        "/home is not writable, /Users is missing",
    ];

    /// <summary>Real lines of the corpus's languages that name secrets without holding one.</summary>
    public static readonly string[] RealCodeLines =
    [
        "password = request.form['password']",
        "if password == \"\":",
        "tokens = tokenize(text, max_tokens=512)",
        "api_key = os.environ[\"OPENAI_API_KEY\"]",
        "headers[\"Authorization\"] = f\"Bearer {token}\"",
        "password = getpass.getpass()",
        "secret_key = settings.SECRET_KEY",
        "def login(self, username, password=None, token=None):",
        "client.login(user, password=pwd)",
        "token: Optional[str] = None",
        "session = requests.Session()",
        "client = Client(session=session, csrf_token=csrf, timeout=30)",
        "String password = request.getParameter(\"password\");",
        "val token = prefs.getString(\"token\", null)",
        "let apiKey = Bundle.main.object(forInfoDictionaryKey: \"API_KEY\") as? String",
        "var token = await _tokenService.GetTokenAsync(user);",
        "Password = model.Password,",
        "user.password = params[:password]",
        "config.secret_key_base = ENV[\"SECRET_KEY_BASE\"]",
        "$password = $_POST['password'];",
        "$event_id = $client->captureException($ex);",
        "const token = req.headers.authorization?.split(' ')[1];",
        "password: string;",
        "  password?: string",
        "{ token: token, password: password }",
        "fetch(`/api/items?token=${token}`)",
        "url = f\"https://api.example.com/v1?key={api_key}\"",
        "scope.set_transaction_name(env[\"PATH_INFO\"]) if env[\"PATH_INFO\"]",
        "load Gem.activate_bin_path('bundler', 'bundle', version)",
        "$el = $('#' + this.id + member.id);",
        "return window.setTimeout(this.poll, this.options.pollTime);",
        "System.Threading.Tasks.Task Invoke(Microsoft.AspNetCore.Http.HttpContext)",
        "var EventPluginHub = require('EventPluginHub');",
        "def captureException(self, exc_info=None, **kwargs):",
    ];

    public static IEnumerable<TestCaseData> LookAlikesInEveryPlacement() =>
        from text in LookAlikes.Concat(RealCodeLines)
        from placement in Placement.All
        select new TestCaseData(text, placement).SetArgDisplayNames(text, placement.Name);

    [TestCaseSource(nameof(LookAlikesInEveryPlacement))]
    public void Look_alikes_and_code_lines_stay_in_every_placement(string text, Placement placement)
    {
        (string? scrubbed, IReadOnlyDictionary<string, int> redactions) = placement.Scrub(text);

        Assert.That(scrubbed, Is.EqualTo(placement == Placement.ContextLine ? text.Trim() : text));
        Assert.That(redactions, Is.Empty);
    }

    [Test]
    public void No_code_line_of_the_shared_corpus_is_changed()
    {
        SharedCorpus.RequirePresent();
        var changed = new List<string>();
        int lines = 0;
        foreach ((string name, byte[] json) in SharedCorpus.LoadSamples())
        {
            foreach (string line in CodeLines(JsonDocument.Parse(json).RootElement))
            {
                lines++;
                string scrubbed = DescribeLine(line, scrub: true);
                if (scrubbed != DescribeLine(line, scrub: false))
                {
                    changed.Add($"{name}: {line.Trim()} -> {scrubbed}");
                }
            }
        }

        TestContext.Out.WriteLine($"Scrubbing false positives: {changed.Count} of {lines} corpus code lines.");
        Assert.That(lines, Is.GreaterThan(500));
        Assert.That(changed, Is.Empty);
    }

    /// <summary>
    /// The personal data and secrets the corpus really holds, and what each string becomes. Any other
    /// change to any string of the corpus is a false positive.
    /// </summary>
    public static readonly Dictionary<string, string> CorpusTruePositives = new(StringComparer.Ordinal)
    {
        ["\u0027https://ebc35f33e151401f9deac549978bda11:f3403f81e12e4c24942d505f086b2cad@sentry.io/1\u0027"] = "\u0027https://[secret]@sentry.io/1\u0027",
        ["/Users/example/Development/raven-php/bin/raven"] = "/Users/[user]/Development/raven-php/bin/raven",
        ["/Users/example/Development/raven-php/bin/raven:16"] = "/Users/[user]/Development/raven-php/bin/raven:16",
        ["/Users/sentry/.gem/ruby/2.4.1/bin/bundle"] = "/Users/[user]/.gem/ruby/2.4.1/bin/bundle",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/exe/bundle"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/exe/bundle",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/cli.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/cli.rb",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/cli/exec.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/cli/exec.rb",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/friendly_errors.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/friendly_errors.rb",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor.rb",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor/base.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor/base.rb",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor/command.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor/command.rb",
        ["/Users/sentry/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor/invocation.rb"] = "/Users/[user]/.gem/ruby/2.4.1/gems/bundler-1.15.3/lib/bundler/vendor/thor/lib/thor/invocation.rb",
        ["/Users/sentry/.rubies/ruby-2.4.1/lib/ruby/2.4.0/monitor.rb"] = "/Users/[user]/.rubies/ruby-2.4.1/lib/ruby/2.4.0/monitor.rb",
        ["/Users/sentry/Code/codetriage/vendor/bundle/ruby/2.4.0/bin/rake"] = "/Users/[user]/Code/codetriage/vendor/bundle/ruby/2.4.0/bin/rake",
        ["/Users/sentry/Code/codetriage/vendor/bundle/ruby/2.4.0/bundler/gems/raven-ruby-061ee7b27200/lib/raven/cli.rb"] = "/Users/[user]/Code/codetriage/vendor/bundle/ruby/2.4.0/bundler/gems/raven-ruby-061ee7b27200/lib/raven/cli.rb",
        ["/Users/sentry/Code/codetriage/vendor/bundle/ruby/2.4.0/bundler/gems/raven-ruby-061ee7b27200/lib/raven/integrations/tasks.rb"] = "/Users/[user]/Code/codetriage/vendor/bundle/ruby/2.4.0/bundler/gems/raven-ruby-061ee7b27200/lib/raven/integrations/tasks.rb",
        ["/Users/sentry/Code/codetriage/vendor/bundle/ruby/2.4.0/gems/rake-10.5.0/bin/rake"] = "/Users/[user]/Code/codetriage/vendor/bundle/ruby/2.4.0/gems/rake-10.5.0/bin/rake",
        ["/Users/sentry/Code/codetriage/vendor/bundle/ruby/2.4.0/gems/rake-10.5.0/lib/rake/application.rb"] = "/Users/[user]/Code/codetriage/vendor/bundle/ruby/2.4.0/gems/rake-10.5.0/lib/rake/application.rb",
        ["/Users/sentry/Code/codetriage/vendor/bundle/ruby/2.4.0/gems/rake-10.5.0/lib/rake/task.rb"] = "/Users/[user]/Code/codetriage/vendor/bundle/ruby/2.4.0/gems/rake-10.5.0/lib/rake/task.rb",
        ["/Users/st0012/.rbenv/versions/2.7.2/lib/ruby/2.7.0/benchmark.rb"] = "/Users/[user]/.rbenv/versions/2.7.2/lib/ruby/2.7.0/benchmark.rb",
        ["/Users/st0012/projects/sentry-ruby/sentry-rails/lib/sentry/rails/rescued_exception_interceptor.rb"] = "/Users/[user]/projects/sentry-ruby/sentry-rails/lib/sentry/rails/rescued_exception_interceptor.rb",
        ["/Users/st0012/projects/sentry-ruby/sentry-ruby/lib/sentry-ruby.rb"] = "/Users/[user]/projects/sentry-ruby/sentry-ruby/lib/sentry-ruby.rb",
        ["/Users/st0012/projects/sentry-ruby/sentry-ruby/lib/sentry/hub.rb"] = "/Users/[user]/projects/sentry-ruby/sentry-ruby/lib/sentry/hub.rb",
        ["/Users/st0012/projects/sentry-ruby/sentry-ruby/lib/sentry/rack/capture_exceptions.rb"] = "/Users/[user]/projects/sentry-ruby/sentry-ruby/lib/sentry/rack/capture_exceptions.rb",
        ["/home/ubuntu/.virtualenvs/getsentry/src/raven/raven/base.py"] = "/home/[user]/.virtualenvs/getsentry/src/raven/raven/base.py",
        ["/home/ubuntu/.virtualenvs/getsentry/src/raven/raven/scripts/runner.py"] = "/home/[user]/.virtualenvs/getsentry/src/raven/raven/scripts/runner.py",
        ["172.56.7.13"] = "[ip]",
        ["192.168.0.1"] = "[ip]",
        ["84.114.89.168"] = "[ip]",
        ["C:\\Users\\bruno\\git\\sentry-dotnet\\samples\\Sentry.Samples.AspNetCore.Mvc\\Controllers\\HomeController.cs"] = "C:\\Users\\[user]\\git\\sentry-dotnet\\samples\\Sentry.Samples.AspNetCore.Mvc\\Controllers\\HomeController.cs",
        ["C:\\Users\\bruno\\git\\sentry-dotnet\\samples\\Sentry.Samples.AspNetCore.Mvc\\wwwroot"] = "C:\\Users\\[user]\\git\\sentry-dotnet\\samples\\Sentry.Samples.AspNetCore.Mvc\\wwwroot",
        ["C:\\Users\\bruno\\git\\sentry-dotnet\\src\\Sentry.AspNetCore\\SentryMiddleware.cs"] = "C:\\Users\\[user]\\git\\sentry-dotnet\\src\\Sentry.AspNetCore\\SentryMiddleware.cs",
        ["User found: user@sentry.io"] = "User found: [email]",
        ["User profile is available. Using \u0027C:\\Users\\bruno\\AppData\\Local\\ASP.NET\\DataProtection-Keys\u0027 as key repository and Windows DPAPI to encrypt keys at rest."] = "User profile is available. Using \u0027C:\\Users\\[user]\\AppData\\Local\\ASP.NET\\DataProtection-Keys\u0027 as key repository and Windows DPAPI to encrypt keys at rest.",
        ["email:user@sentry.io"] = "email:[email]",
        ["hello@sentry.io"] = "[email]",
        ["https://e9ebbd88548a441288393c457ec90441:399aaee02d454e2ca91351f29bdc3a07@app.getsentry.com/3235"] = "https://[secret]@app.getsentry.com/3235",
        ["john@apple.com"] = "[email]",
        ["user@sentry.io"] = "[email]",
    };

    [Test]
    public void No_string_of_the_shared_corpus_is_changed_but_its_personal_data()
    {
        SharedCorpus.RequirePresent();
        var strings = new SortedSet<string>(StringComparer.Ordinal);
        foreach ((string _, byte[] json) in SharedCorpus.LoadSamples())
        {
            CollectStrings(JsonDocument.Parse(json).RootElement, strings);
        }

        var unexpected = new List<string>();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string text in strings)
        {
            string? scrubbed = Placement.ExceptionValue.Scrub(text).Text;
            if (scrubbed == text)
            {
                continue;
            }

            found[text] = scrubbed!;
            if (CorpusTruePositives.GetValueOrDefault(text) != scrubbed)
            {
                unexpected.Add($"{JsonSerializer.Serialize(text)} -> {JsonSerializer.Serialize(scrubbed)}");
            }
        }

        TestContext.Out.WriteLine($"Scrubbing false positives: {unexpected.Count} of {strings.Count} distinct corpus strings; {found.Count} changed.");
        Assert.That(strings, Has.Count.GreaterThan(2000));
        Assert.That(unexpected, Is.Empty, "Changed but not personal data (a false positive), or changed differently:");
        Assert.That(CorpusTruePositives.Keys.Except(found.Keys), Is.Empty, "Personal data in the corpus that got through:");
    }

    /// <summary>Every string value and property name of an event: messages, values, code lines, files, modules, tags.</summary>
    private static void CollectStrings(JsonElement element, ISet<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    strings.Add(property.Name);
                    CollectStrings(property.Value, strings);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CollectStrings(item, strings);
                }

                break;
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
        }
    }

    private static string DescribeLine(string line, bool scrub)
    {
        string json = Describe.WithFrames(JsonSerializer.Serialize(new { context_line = line }), "{}");
        var options = new DescribeOptions { Scrub = new ScrubOptions { Enabled = scrub } };
        return Describe.Frames(Describe.Exception(json, options: options))[1].TryGetProperty("code", out JsonElement code) ? code.GetString()! : "";
    }

    /// <summary>Every context_line, pre_context and post_context string anywhere in an event.</summary>
    private static IEnumerable<string> CodeLines(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name == "context_line" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        yield return property.Value.GetString()!;
                    }
                    else if (property.Name is "pre_context" or "post_context" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement line in property.Value.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String))
                        {
                            yield return line.GetString()!;
                        }
                    }
                    else
                    {
                        foreach (string line in CodeLines(property.Value))
                        {
                            yield return line;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    foreach (string line in CodeLines(item))
                    {
                        yield return line;
                    }
                }

                break;
        }
    }
}
