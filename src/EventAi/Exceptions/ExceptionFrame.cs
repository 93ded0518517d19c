namespace EventAi;

/// <summary>One frame of a .NET stack trace, in the terms of a Sentry frame.</summary>
internal readonly record struct ExceptionFrame(string? Function, string? Module, string? FileName, int? LineNumber);
