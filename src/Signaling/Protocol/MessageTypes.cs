namespace Signaling.Protocol;

/// <summary>The <c>type</c> values of client and server messages.</summary>
public static class MessageTypes
{
    // client -> server
    public const string Join = "join";
    public const string Offer = "offer";
    public const string Answer = "answer";
    public const string Candidate = "candidate";
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";
    public const string Mute = "mute";
    public const string Chat = "chat";
    public const string Ping = "ping";
    public const string Leave = "leave";
    public const string VideoPreferences = "videoPreferences";

    // server -> client (offer, answer, chat and leave are shared with the client's names)
    public const string Joined = "joined";
    public const string ParticipantJoined = "participantJoined";
    public const string ParticipantLeft = "participantLeft";
    public const string TrackPublished = "trackPublished";
    public const string TrackUnpublished = "trackUnpublished";
    public const string TrackMuted = "trackMuted";
    public const string ActiveSpeaker = "activeSpeaker";
    public const string Pong = "pong";
    public const string Error = "error";
    public const string Layers = "layers";
    public const string VideoPaused = "videoPaused";
}
