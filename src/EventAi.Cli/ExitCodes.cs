namespace EventAi.Cli;

/// <summary>The exit codes of SPEC §7.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int BadInput = 1;
    public const int Usage = 2;
    public const int ServiceFailed = 3;
    public const int SentryFailed = 4;
    public const int Cancelled = 130;
}
