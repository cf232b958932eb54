using System.Security.Cryptography;
using System.Text;
using Api.Persistence;
using Microsoft.IdentityModel.Tokens;

namespace Api.Accounts;

/// <summary>
/// The account-token signing key: <c>Auth:SigningKey</c> when set, otherwise 64 random bytes generated on first start
/// and kept in the data folder (file mode 600), so tokens survive a restart and the key is never in source.
/// </summary>
public static class SigningKeyStore
{
    public const string FileName = "jwt-signing.key";
    public const int MinKeyBytes = 32;

    public static SymmetricSecurityKey Load(string? configuredKey, DataFolder folder)
    {
        if (!string.IsNullOrEmpty(configuredKey))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(configuredKey);
            if (bytes.Length < MinKeyBytes)
            {
                throw new InvalidOperationException($"Auth:SigningKey must be at least {MinKeyBytes} bytes");
            }

            return new SymmetricSecurityKey(bytes);
        }

        return new SymmetricSecurityKey(LoadOrCreate(folder.File(FileName)));
    }

    private static byte[] LoadOrCreate(string path)
    {
        try
        {
            byte[] key = RandomNumberGenerator.GetBytes(64);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            }

            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Made by an earlier start (or by another server starting at the same moment: wait for its write).
            for (int attempt = 0; ; attempt++)
            {
                string text = File.ReadAllText(path).Trim();
                if (text.Length > 0 || attempt == 50)
                {
                    return Convert.FromBase64String(text);
                }

                Thread.Sleep(20);
            }
        }
    }
}
