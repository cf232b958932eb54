using LoadGen;

// Loopback only: the engine and every client live in this process and talk over 127.0.0.1.
if (!LoadGenOptions.TryParse(args, out LoadGenOptions options, out string? error))
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(LoadGenOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (options.IdleParticipants > 0)
{
    return await IdleRun.RunAsync(options.IdleParticipants, Console.Out);
}

using var run = new LoadRun(options, Console.Out);
try
{
    return await run.RunAsync(cancellation.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
