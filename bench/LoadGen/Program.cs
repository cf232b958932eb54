using LoadGen;
using LoadGen.Remote;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (LoadGen.Janus.JanusCommand.TryRun(args, Console.Out, cancellation.Token) is { } janusRun)
{
    return await janusRun;
}

if (RemoteOptions.IsRemoteCommand(args))
{
    if (!RemoteOptions.TryParse(args, out RemoteOptions remote, out string? remoteError))
    {
        Console.Error.WriteLine(remoteError);
        Console.Error.WriteLine(RemoteOptions.Usage);
        return 2;
    }

    if (remote.RawUdp)
    {
        return RawUdpRun.Run(remote, Console.Out);
    }

    if (remote.Compare)
    {
        return await LoadGen.Janus.CompareRun.RunAsync(remote, Console.Out, cancellation.Token);
    }

    if (remote.Janus is not null)
    {
        await using var janusLoad = new LoadGen.Janus.JanusRun(remote, Console.Out);
        RemoteResult? janusResult = await janusLoad.MeasureAsync(cancellation.Token);
        janusResult?.WriteTable(Console.Out);
        if (janusResult is not null && remote.JsonPath is not null)
        {
            janusResult.WriteJson(remote.JsonPath, Console.Out);
        }

        return janusResult is null ? 1 : 0;
    }

    await using var remoteRun = new RemoteRun(remote, Console.Out);
    return await remoteRun.RunAsync(cancellation.Token);
}

// Without --server: the engine and every client live in this process and talk over 127.0.0.1.
if (!LoadGenOptions.TryParse(args, out LoadGenOptions options, out string? error))
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(LoadGenOptions.Usage);
    Console.Error.WriteLine(RemoteOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

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
