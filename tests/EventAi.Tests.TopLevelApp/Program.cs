// Throws from top-level statements after an await ("top-level"), or from an async local function ("local").
await Task.Yield();
if (args is ["local"])
{
    await AwaitRequestTask();
}

throw new InvalidOperationException("thrown by top-level statements");

static async Task AwaitRequestTask()
{
    await Task.Yield();
    throw new InvalidOperationException("thrown by a local function");
}
