using System.Globalization;
using System.Text.Json;
using CsCheck;

namespace EventAi.Tests.Describing;

/// <summary>
/// Generates event-shaped JSON objects: every key the describer reads appears where it reads it,
/// holding either the shape it expects or a value of any other JSON type.
/// </summary>
internal sealed class EventJson
{
    private readonly Gen<string> _strings;
    private readonly Gen<string> _scalars;
    private readonly Gen<string> _anyValue;

    private EventJson(bool loneSurrogates)
    {
        Gen<char> chars = loneSurrogates ? Gen.Char : Gen.Char.Where(c => !char.IsSurrogate(c));
        _strings = Gen.OneOf(
            Gen.Const(""), Gen.Const("other"), Gen.Const("{snip} x"), Gen.Const("  é 😀 \"q\" \\ \n "),
            Gen.Const("\u00a0 trimmed \u3000"), Gen.String[chars, 0, 12]);
        _scalars = Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("0"), Gen.Const("-0.0"), Gen.Const("1e400"),
            Gen.Const(loneSurrogates ? "\"\\ud800 lone\"" : "\"\\u00e9 escaped\""), Gen.Const("[]"), Gen.Const("{}"),
            Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
            _strings.Select(s => JsonSerializer.Serialize(s)));
        _anyValue = Gen.Frequency(
            (6, _scalars),
            (1, _scalars.Array[0, 4].Select(Array)),
            (1, Gen.Select(Gen.OneOfConst("k", "message", "frames", "values"), _scalars).Array[0, 3]
                .Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}")));
        Built = BuildEvents();
    }

    /// <summary>Whole events: an object at the root, lone surrogate escapes included.</summary>
    public static Gen<string> Events { get; } = new EventJson(loneSurrogates: true).Built;

    /// <summary>Whole events whose every string decodes to text (no lone surrogate escape).</summary>
    public static Gen<string> TextEvents { get; } = new EventJson(loneSurrogates: false).Built;

    private Gen<string> Built { get; }

    private Gen<string> BuildEvents()
    {
        Gen<string> frame = Object(
            ("function", _anyValue), ("module", _anyValue), ("filename", _anyValue), ("lineno", _anyValue), ("in_app", _anyValue),
            ("context_line", Gen.Frequency((3, _strings.Select(s => JsonSerializer.Serialize(s))), (1, _anyValue))),
            ("pre_context", Slot(_strings.Select(s => JsonSerializer.Serialize(s)).Array[0, 3].Select(Array))),
            ("post_context", _anyValue));

        Gen<string> stacktrace = Object(("frames", Slot(Slot(frame).Array[0, 20].Select(Array))));

        Gen<string> exception = Object(
            ("type", _anyValue), ("value", _anyValue), ("thread_id", Gen.OneOf(Gen.Int[0, 3].Select(i => i.ToString(CultureInfo.InvariantCulture)), _anyValue)),
            ("mechanism", Slot(Object(("meta", _anyValue), ("handled", _anyValue)))),
            ("stacktrace", Slot(stacktrace)));

        Gen<string> exceptions = Slot(exception).Array[0, 5].Select(Array);

        Gen<string> exceptionInterface = Gen.Frequency(
            (3, Object(("values", Slot(exceptions)))), (1, exceptions), (1, _anyValue));

        Gen<string> thread = Object(
            ("id", Gen.OneOf(Gen.Int[0, 3].Select(i => i.ToString(CultureInfo.InvariantCulture)), _anyValue)),
            ("crashed", Gen.OneOf(Gen.Const("true"), _anyValue)),
            ("stacktrace", Slot(stacktrace)));

        return Object(
            ("exception", exceptionInterface),
            ("sentry.interfaces.Exception", exceptionInterface),
            ("threads", Slot(Object(("values", Slot(Slot(thread).Array[0, 4].Select(Array)))))),
            ("stacktrace", Slot(stacktrace)),
            ("sentry.interfaces.Stacktrace", Slot(stacktrace)),
            ("logentry", _anyValue),
            ("sentry.interfaces.Message", _anyValue),
            ("message", _anyValue),
            ("platform", _anyValue));
    }

    /// <summary>The expected shape most of the time, any other value some of the time.</summary>
    private Gen<string> Slot(Gen<string> shaped) => Gen.Frequency((4, shaped), (1, _anyValue));

    private static string Array(string[] items) => "[" + string.Join(",", items) + "]";

    /// <summary>An object holding each of the given properties or not, at random.</summary>
    private static Gen<string> Object(params (string Key, Gen<string> Value)[] properties)
    {
        Gen<List<string>> members = Gen.Const(0).Select(_ => new List<string>());
        foreach ((string key, Gen<string> value) in properties)
        {
            Gen<string?> member = Gen.Frequency(
                (2, value.Select(v => (string?)$"{JsonSerializer.Serialize(key)}:{v}")),
                (1, Gen.Const((string?)null)));
            members = members.SelectMany(list => member.Select(m =>
            {
                var next = new List<string>(list);
                if (m is not null)
                {
                    next.Add(m);
                }

                return next;
            }));
        }

        return members.Select(list => "{" + string.Join(",", list) + "}");
    }
}
