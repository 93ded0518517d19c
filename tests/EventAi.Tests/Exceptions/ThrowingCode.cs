// Code that throws for the exception tests. Its line numbers are part of committed snapshots:
// add new code at the end of the file only.
#pragma warning disable CA2201 // Plain exception types keep the snapshots readable.
namespace EventAi.Tests.Exceptions;

internal static class ThrowingCode
{
    public static Exception Capture(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }

    public static async Task<Exception> CaptureAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("The action did not throw.");
    }

    public static void Sync()
    {
        var orders = new List<int>();
        throw new InvalidOperationException($"Sequence contains {orders.Count} elements");
    }

    public static async Task LoadProfileAsync()
    {
        await Task.Yield();
        throw new ArgumentException("Profile id must not be empty", "profileId");
    }

    public static void Nested()
    {
        try
        {
            Sync();
        }
        catch (InvalidOperationException e)
        {
            throw new ApplicationException("Checkout failed", e);
        }
    }

    public static void Aggregate()
    {
        Task first = Task.Run(() => throw new TimeoutException("Pricing service timed out"));
        Task second = Task.Run(() => throw new KeyNotFoundException("No stock for SKU 42"));
        Task.WaitAll(first, second);
    }

    public static void Rethrown()
    {
        try
        {
            Sync();
        }
        catch (InvalidOperationException)
        {
            throw;
        }
    }

    public static void WithData()
    {
        var error = new InvalidOperationException("Payment declined");
        error.Data["order_id"] = 42;
        error.Data["customer_email"] = "bob@example.com";
        throw error;
    }
}
