using System.Globalization;

namespace LoadGen.Remote;

/// <summary>One participant of a scenario: its room, whether it publishes (and what), and whether it receives.</summary>
internal sealed record ScenarioParticipant(int Room, int Index, bool PublishAudio, bool PublishVideo);

/// <summary>
/// Who joins where. <c>PxS</c>: one room with P publishers (audio and video) and S subscribers; when P equals S everyone
/// does both (<c>25x25</c>: a meeting of 25 where everybody sends), otherwise they are different participants
/// (<c>1x100</c>: one publisher and 100 receive-only participants). <c>audio-N</c>: N audio-only participants in rooms
/// of 10. <see cref="Rooms"/> repeats the room.
/// </summary>
internal sealed record Scenario(string Name, int Rooms, int Publishers, int Subscribers, bool AudioOnly, int RoomSize)
{
    public const string Help = "1x100, 25x25, audio-200, or PxS (P publishers, S subscribers; P = S means everyone does both)";

    public static bool TryParse(string text, int rooms, out Scenario scenario)
    {
        scenario = null!;
        if (text.StartsWith("audio-", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out int audio) && audio >= 2)
        {
            int roomSize = Math.Min(10, audio);
            scenario = new Scenario(text, (audio + roomSize - 1) / roomSize, audio, audio, AudioOnly: true, roomSize);
            return true;
        }

        int x = text.IndexOf('x', StringComparison.Ordinal);
        if (x > 0
            && int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out int publishers)
            && int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int subscribers)
            && publishers >= 1 && subscribers >= 1 && (publishers != subscribers || publishers >= 2) && rooms >= 1)
        {
            int size = publishers == subscribers ? publishers : publishers + subscribers;
            scenario = new Scenario(text, rooms, publishers, subscribers, AudioOnly: false, size);
            return true;
        }

        return false;
    }

    /// <summary>Everyone who joins, room by room.</summary>
    public IReadOnlyList<ScenarioParticipant> Participants()
    {
        var list = new List<ScenarioParticipant>();
        if (AudioOnly)
        {
            for (int i = 0; i < Publishers; i++)
            {
                list.Add(new ScenarioParticipant(i / RoomSize, i % RoomSize, PublishAudio: true, PublishVideo: false));
            }

            return list;
        }

        for (int room = 0; room < Rooms; room++)
        {
            for (int i = 0; i < RoomSize; i++)
            {
                bool publishes = i < Publishers;
                list.Add(new ScenarioParticipant(room, i, publishes, publishes));
            }
        }

        return list;
    }

    /// <summary>Packets each participant should receive per packet its room's publishers send: everyone else in the room subscribes.</summary>
    public static int TracksPerPublisher(bool audioOnly) => audioOnly ? 1 : 2;
}
