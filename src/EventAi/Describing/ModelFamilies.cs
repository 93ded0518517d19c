namespace EventAi;

/// <summary>Recognises model families by the start of the model name.</summary>
internal static class ModelFamilies
{
    public static bool IsAnyOf(string? model, ReadOnlySpan<string> families)
    {
        if (string.IsNullOrEmpty(model))
        {
            return false;
        }

        foreach (string family in families)
        {
            if (model.StartsWith(family, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
