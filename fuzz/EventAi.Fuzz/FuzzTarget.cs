namespace EventAi.Fuzz;

/// <summary>
/// One fuzz target: runs EventAi on the input and returns, or throws. Only the exceptions the README's
/// hostile-input contract names are caught inside a target; anything else escapes so afl-fuzz records a crash.
/// </summary>
/// <param name="input">The bytes afl-fuzz made.</param>
internal delegate void FuzzTarget(byte[] input);
