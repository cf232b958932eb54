namespace Sfu.IntegrationTests.Firefox;

/// <summary>
/// What a meeting page receives, from its RTCPeerConnection's getStats() sampled twice a second apart: how many
/// inbound video streams decoded new frames, how many inbound audio streams received new samples, and the decoded
/// frame widths. The same script runs in Chromium and Firefox, whose stats differ: Firefox has no
/// totalSamplesReceived on older releases, so audio counts when its bytes and any of samples, energy or level rise.
/// </summary>
public sealed record InboundMedia(int Video, int Audio, string Connection, int[] VideoWidths, string Videos)
{
    /// <summary>A JavaScript function of no argument answering a JSON text of this record.</summary>
    public const string Script =
        """
        async () => {
          const pc = window.sfuDebug?.pc;
          if (!pc) return JSON.stringify({ video: 0, audio: 0, connection: 'no peer connection', videoWidths: [], videos: '' });
          const sample = async () => {
            const streams = new Map();
            (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp') streams.set(s.ssrc, s); });
            return streams;
          };
          const first = await sample();
          await new Promise(r => setTimeout(r, 1000));
          const second = await sample();
          let video = 0, audio = 0;
          const videoWidths = [];
          for (const [ssrc, now] of second) {
            const before = first.get(ssrc);
            if (!before || !(now.bytesReceived > before.bytesReceived)) continue;
            if (now.kind === 'video' && now.framesDecoded > before.framesDecoded) {
              video++;
              videoWidths.push(now.frameWidth ?? 0);
            }
            const heard = (now.totalSamplesReceived ?? 0) > (before.totalSamplesReceived ?? 0)
              || (now.totalAudioEnergy ?? 0) > (before.totalAudioEnergy ?? 0)
              || (now.audioLevel ?? 0) > 0;
            if (now.kind === 'audio' && heard) audio++;
          }
          // Each inbound video's counters, for a readable failure: no packets, packets but no keyframe, or frames not decoding.
          const videos = [...second.values()].filter(s => s.kind === 'video')
            .map(s => `${s.ssrc}: packets ${s.packetsReceived} lost ${s.packetsLost} frames ${s.framesReceived ?? '?'}/${s.framesDecoded} keyframes ${s.keyFramesDecoded ?? '?'} pli ${s.pliCount} nack ${s.nackCount}`)
            .join('; ');
          return JSON.stringify({ video, audio, connection: pc.connectionState, videoWidths, videos });
        }
        """;

    public override string ToString() =>
        $"{Video} video decoding (widths {string.Join(',', VideoWidths)}), {Audio} audio receiving, connection {Connection}; inbound video {Videos}";
}
