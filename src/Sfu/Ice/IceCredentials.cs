using System.Security.Cryptography;
using System.Text;

namespace Sfu.Ice;

/// <summary>
/// ICE short-term credentials for one peer connection (RFC 8445 section 5.3, syntax in RFC 8839 section 5.4):
/// our ufrag/pwd, which we announce in SDP and check incoming requests against, and the remote ufrag/pwd,
/// known once the remote SDP arrives. The UTF-8 bytes are cached because the password bytes are the
/// MESSAGE-INTEGRITY key on every check. Local values never change; the remote pair is swapped as one
/// immutable object, so a packet loop reading it never sees a ufrag from one SDP and a pwd from another.
/// </summary>
public sealed class IceCredentials
{
    /// <summary>Shortest ufrag RFC 8839 allows.</summary>
    public const int MinUfragLength = 4;

    /// <summary>Shortest pwd RFC 8839 allows.</summary>
    public const int MinPwdLength = 22;

    /// <summary>Longest ufrag or pwd RFC 8839 allows.</summary>
    public const int MaxLength = 256;

    // Generated lengths: 16 alphanumeric chars for the ufrag (readable in logs); 32 ice-chars
    // (6 bits each, 192 bits) for the pwd, well above the RFC's 128-bit floor.
    private const int GeneratedUfragLength = 16;
    private const int GeneratedPwdLength = 32;
    private const string AlphaNumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string IceChars = AlphaNumeric + "+/";

    private readonly byte[] _localUfragBytes;
    private readonly byte[] _localPwdBytes;
    private volatile RemotePart? _remote;

    /// <summary>Creates credentials with the given local values; throws <see cref="ArgumentException"/> when they break RFC 8839 syntax.</summary>
    public IceCredentials(string localUfrag, string localPwd)
    {
        ArgumentNullException.ThrowIfNull(localUfrag);
        ArgumentNullException.ThrowIfNull(localPwd);
        if (!IsValidUfrag(localUfrag))
        {
            throw new ArgumentException("A ufrag is 4-256 ice-chars (ALPHA / DIGIT / '+' / '/').", nameof(localUfrag));
        }

        if (!IsValidPwd(localPwd))
        {
            throw new ArgumentException("A pwd is 22-256 ice-chars (ALPHA / DIGIT / '+' / '/').", nameof(localPwd));
        }

        LocalUfrag = localUfrag;
        LocalPwd = localPwd;
        _localUfragBytes = Encoding.UTF8.GetBytes(localUfrag);
        _localPwdBytes = Encoding.UTF8.GetBytes(localPwd);
    }

    /// <summary>Our ufrag, announced as a=ice-ufrag.</summary>
    public string LocalUfrag { get; }

    /// <summary>Our pwd, announced as a=ice-pwd; the MESSAGE-INTEGRITY key for requests sent to us.</summary>
    public string LocalPwd { get; }

    /// <summary><see cref="LocalUfrag"/> as UTF-8.</summary>
    public ReadOnlySpan<byte> LocalUfragBytes => _localUfragBytes;

    /// <summary><see cref="LocalPwd"/> as UTF-8.</summary>
    public ReadOnlySpan<byte> LocalPwdBytes => _localPwdBytes;

    /// <summary>The remote ufrag from the remote SDP, or null before it arrives. Setting an invalid value throws.</summary>
    public string? RemoteUfrag
    {
        get => _remote?.Ufrag;
        set => _remote = new RemotePart(ValidateRemote(value, MinUfragLength, nameof(RemoteUfrag)), _remote?.Pwd);
    }

    /// <summary>The remote pwd from the remote SDP, or null before it arrives. Setting an invalid value throws.</summary>
    public string? RemotePwd
    {
        get => _remote?.Pwd;
        set => _remote = new RemotePart(_remote?.Ufrag, ValidateRemote(value, MinPwdLength, nameof(RemotePwd)));
    }

    /// <summary><see cref="RemoteUfrag"/> as UTF-8 (empty before it is known).</summary>
    public ReadOnlySpan<byte> RemoteUfragBytes => _remote is { } remote ? remote.UfragBytes : default;

    /// <summary><see cref="RemotePwd"/> as UTF-8 (empty before it is known); the key for requests we send.</summary>
    public ReadOnlySpan<byte> RemotePwdBytes => _remote is { } remote ? remote.PwdBytes : default;

    /// <summary>True once both remote values are set.</summary>
    public bool HasRemote => _remote is { Ufrag: not null, Pwd: not null };

    /// <summary>Creates local credentials from a cryptographic random source.</summary>
    public static IceCredentials CreateLocal() => new(
        RandomNumberGenerator.GetString(AlphaNumeric, GeneratedUfragLength),
        RandomNumberGenerator.GetString(IceChars, GeneratedPwdLength));

    /// <summary>Sets the remote ufrag and pwd together (one atomic swap), for example from an SDP answer.</summary>
    public void SetRemote(string ufrag, string pwd) =>
        _remote = new RemotePart(ValidateRemote(ufrag, MinUfragLength, nameof(ufrag)), ValidateRemote(pwd, MinPwdLength, nameof(pwd)));

    /// <summary>RFC 8839 ice-ufrag: 4-256 ice-chars.</summary>
    public static bool IsValidUfrag(ReadOnlySpan<char> ufrag) => IsIceCharString(ufrag, MinUfragLength);

    /// <summary>RFC 8839 ice-pwd: 22-256 ice-chars.</summary>
    public static bool IsValidPwd(ReadOnlySpan<char> pwd) => IsIceCharString(pwd, MinPwdLength);

    private static bool IsIceCharString(ReadOnlySpan<char> value, int minLength)
    {
        if (value.Length < minLength || value.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/')
            {
                return false;
            }
        }

        return true;
    }

    private static string? ValidateRemote(string? value, int minLength, string paramName)
    {
        if (value is not null && !IsIceCharString(value, minLength))
        {
            throw new ArgumentException("Remote ICE credentials must follow RFC 8839 syntax (ufrag 4-256, pwd 22-256 ice-chars).", paramName);
        }

        return value;
    }

    private sealed class RemotePart
    {
        public RemotePart(string? ufrag, string? pwd)
        {
            Ufrag = ufrag;
            Pwd = pwd;
            UfragBytes = ufrag is null ? [] : Encoding.UTF8.GetBytes(ufrag);
            PwdBytes = pwd is null ? [] : Encoding.UTF8.GetBytes(pwd);
        }

        public string? Ufrag { get; }

        public string? Pwd { get; }

        public byte[] UfragBytes { get; }

        public byte[] PwdBytes { get; }
    }
}
