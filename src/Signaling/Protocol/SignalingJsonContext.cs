using System.Text.Json.Serialization;
using Signaling.Auth;
using Signaling.Rooms;

namespace Signaling.Protocol;

/// <summary>Source-generated (reflection-free) JSON metadata of every signaling message.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16)]
[JsonSerializable(typeof(JoinMessage))]
[JsonSerializable(typeof(SdpMessage))]
[JsonSerializable(typeof(CandidateMessage))]
[JsonSerializable(typeof(PublishMessage))]
[JsonSerializable(typeof(UnpublishMessage))]
[JsonSerializable(typeof(MuteMessage))]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(EmptyMessage))]
[JsonSerializable(typeof(VideoPreferencesMessage))]
[JsonSerializable(typeof(LayersMessage))]
[JsonSerializable(typeof(VideoPausedMessage))]
[JsonSerializable(typeof(JoinedMessage))]
[JsonSerializable(typeof(ServerSdpMessage))]
[JsonSerializable(typeof(ParticipantJoinedMessage))]
[JsonSerializable(typeof(ParticipantLeftMessage))]
[JsonSerializable(typeof(TrackPublishedMessage))]
[JsonSerializable(typeof(TrackUnpublishedMessage))]
[JsonSerializable(typeof(TrackMutedMessage))]
[JsonSerializable(typeof(ActiveSpeakerMessage))]
[JsonSerializable(typeof(ChatBroadcastMessage))]
[JsonSerializable(typeof(PongMessage))]
[JsonSerializable(typeof(LeaveMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(JoinTokenPayload))]
public sealed partial class SignalingJsonContext : JsonSerializerContext;
