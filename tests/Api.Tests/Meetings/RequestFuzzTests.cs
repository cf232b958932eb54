using System.Net;
using System.Text;
using Api.Tests.Infrastructure;

namespace Api.Tests.Meetings;

/// <summary>
/// Random and mutated request bodies on every endpoint that reads one: each gets a 4xx problem (never a 5xx or a
/// dropped connection), and the server keeps serving a genuine request afterwards.
/// </summary>
public sealed class RequestFuzzTests() : DatabaseTestBase(DatabaseKind.Sqlite)
{
    private static readonly string[] Seeds =
    [
        """{"email":"fuzz@example.com","password":"long-enough-1","name":"Fuzz"}""",
        """{"title":"Fuzzed meeting","allowGuests":true}""",
        """{"displayName":"Fuzzy","guestKey":"k-1"}""",
    ];

    [Fact]
    public async Task RandomAndMutatedBodiesGetProblemsAndTheServerKeepsServing()
    {
        string host = await Host.SignUpAsync("fuzz-host@example.com");
        string code = await Host.CreateMeetingAsync(host);
        string[] paths = ["/api/auth/register", "/api/auth/login", "/api/meetings", $"/api/meetings/{code}/join"];
        var random = new Random(1234);
        for (int i = 0; i < 240; i++)
        {
            string body = i % 3 == 0 ? RandomText(random) : Mutate(random, Seeds[random.Next(Seeds.Length)]);
            string path = paths[i % paths.Length];
            using HttpResponseMessage response = await PostRawAsync(path, body, host);
            int status = (int)response.StatusCode;
            Assert.True(status < 500, $"{path} with {body}: {status} {await response.Content.ReadAsStringAsync()}");
            if (status >= 400 && status != 429)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await Host.SendAsync(HttpMethod.Get, "/api/me", host)).StatusCode);
        await Host.JoinTokenAsync(code, "Still works");
    }

    private static string RandomText(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Flips, drops, duplicates or inserts a few characters of a valid body.</summary>
    private static string Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        const string alphabet = "{}[]\",:\\'\0\u0001\u2028aZ9 -truefalsenull";
        for (int edits = random.Next(1, 5); edits > 0 && text.Length > 0; edits--)
        {
            int at = random.Next(text.Length);
            switch (random.Next(4))
            {
                case 0:
                    text[at] = alphabet[random.Next(alphabet.Length)];
                    break;
                case 1:
                    text.Remove(at, 1);
                    break;
                case 2:
                    text.Insert(at, text.ToString(at, Math.Min(8, text.Length - at)));
                    break;
                default:
                    text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
            }
        }

        return text.ToString();
    }
}
