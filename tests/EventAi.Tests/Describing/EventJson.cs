using System.Globalization;
using System.Text.Json;
using CsCheck;

namespace EventAi.Tests.Describing;

/// <summary>
/// Generates event-shaped JSON objects: every key the describer reads appears where it reads it,
/// holding either the shape it expects or a value of any other JSON type.
/// </summary>
internal static class EventJson
{
    private static readonly Gen<string> Strings = Gen.OneOf(
        Gen.Const(""), Gen.Const("other"), Gen.Const("{snip} x"), Gen.Const("  é 😀 \"q\" \\ \n "),
        Gen.Const("\u00a0 trimmed \u3000"), Gen.String[Gen.Char, 0, 12]);

    private static readonly Gen<string> Scalars = Gen.OneOf(
        Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("0"), Gen.Const("-0.0"), Gen.Const("1e400"),
        Gen.Const("\"\\ud800 lone\""), Gen.Const("[]"), Gen.Const("{}"),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Strings.Select(s => JsonSerializer.Serialize(s)));

    private static readonly Gen<string> AnyValue = Gen.Frequency(
        (6, Scalars),
        (1, Scalars.Array[0, 4].Select(Array)),
        (1, Gen.Select(Gen.OneOfConst("k", "message", "frames", "values"), Scalars).Array[0, 3]
            .Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\":{p.Item2}")) + "}")));

    private static readonly Gen<string> Frame = Object(
        ("function", AnyValue), ("module", AnyValue), ("filename", AnyValue), ("lineno", AnyValue), ("in_app", AnyValue),
        ("context_line", Gen.Frequency((3, Strings.Select(s => JsonSerializer.Serialize(s))), (1, AnyValue))),
        ("pre_context", Slot(Strings.Select(s => JsonSerializer.Serialize(s)).Array[0, 3].Select(Array))),
        ("post_context", AnyValue));

    private static readonly Gen<string> Stacktrace = Object(("frames", Slot(Slot(Frame).Array[0, 20].Select(Array))));

    private static readonly Gen<string> Exception = Object(
        ("type", AnyValue), ("value", AnyValue), ("thread_id", Gen.OneOf(Gen.Int[0, 3].Select(i => i.ToString(CultureInfo.InvariantCulture)), AnyValue)),
        ("mechanism", Slot(Object(("meta", AnyValue), ("handled", AnyValue)))),
        ("stacktrace", Slot(Stacktrace)));

    private static readonly Gen<string> Exceptions = Slot(Exception).Array[0, 5].Select(Array);

    private static readonly Gen<string> ExceptionInterface = Gen.Frequency(
        (3, Object(("values", Slot(Exceptions)))), (1, Exceptions), (1, AnyValue));

    private static readonly Gen<string> Thread = Object(
        ("id", Gen.OneOf(Gen.Int[0, 3].Select(i => i.ToString(CultureInfo.InvariantCulture)), AnyValue)),
        ("crashed", Gen.OneOf(Gen.Const("true"), AnyValue)),
        ("stacktrace", Slot(Stacktrace)));

    /// <summary>Whole events: an object at the root.</summary>
    public static Gen<string> Events { get; } = Object(
        ("exception", ExceptionInterface),
        ("sentry.interfaces.Exception", ExceptionInterface),
        ("threads", Slot(Object(("values", Slot(Slot(Thread).Array[0, 4].Select(Array)))))),
        ("stacktrace", Slot(Stacktrace)),
        ("sentry.interfaces.Stacktrace", Slot(Stacktrace)),
        ("logentry", AnyValue),
        ("sentry.interfaces.Message", AnyValue),
        ("message", AnyValue),
        ("platform", AnyValue));

    /// <summary>The expected shape most of the time, any other value some of the time.</summary>
    private static Gen<string> Slot(Gen<string> shaped) => Gen.Frequency((4, shaped), (1, AnyValue));

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
