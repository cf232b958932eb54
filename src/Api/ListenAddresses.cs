namespace Api;

/// <summary>Whether the operator chose listen addresses, so that the default of <see cref="Program.DefaultUrl"/> stays out of the way.</summary>
public static class ListenAddresses
{
    private static readonly string[] EnvironmentVariables =
        ["ASPNETCORE_URLS", "DOTNET_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "HTTPS_PORTS"];

    public static bool AreGiven(string[] args, Func<string, string?> getEnvironmentVariable)
    {
        foreach (string arg in args)
        {
            // The command-line configuration provider accepts --urls, /urls and urls=..., with the value after '=' or as the next argument.
            string name = arg.TrimStart('-', '/');
            if (name.Equals("urls", StringComparison.OrdinalIgnoreCase) || name.StartsWith("urls=", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string variable in EnvironmentVariables)
        {
            if (!string.IsNullOrWhiteSpace(getEnvironmentVariable(variable)))
            {
                return true;
            }
        }

        return false;
    }
}
