using System.Security.Cryptography;

namespace Api.Meetings;

/// <summary>
/// Meeting codes like <c>qzvk-trbw-mxpa</c>: 12 random letters (about 56 bits), so codes cannot be guessed or walked;
/// grouped for reading aloud, and valid signaling room codes (a-z and '-').
/// </summary>
public static class MeetingCodes
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    public static string New()
    {
        Span<char> code = stackalloc char[14];
        Span<char> letters = stackalloc char[12];
        RandomNumberGenerator.GetItems(Letters, letters);
        letters[..4].CopyTo(code);
        code[4] = '-';
        letters[4..8].CopyTo(code[5..]);
        code[9] = '-';
        letters[8..].CopyTo(code[10..]);
        return new string(code);
    }
}
