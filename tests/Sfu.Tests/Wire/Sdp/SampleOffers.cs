namespace Sfu.Tests.Wire.Sdp;

/// <summary>Offers as browsers write them (LF line ends here; tests also feed them with CRLF).</summary>
internal static class SampleOffers
{
    /// <summary>Chrome unified plan: Opus + RED + G722/PCMU/PCMA/CN/DTMF audio, and VP8/VP9/H264 (several profiles)/AV1
    /// video with RTX, RED/ULPFEC, extmaps, ssrc-group FID and msid. Two host/srflx/tcp candidates on the first m= line.</summary>
    public const string Chrome = """
        v=0
        o=- 4611731400430051336 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 8ca81811-66d2-4876-b2fd-f2022a96fb1a
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:1467250027 1 udp 2122260223 192.168.1.10 46243 typ host generation 0 network-id 1
        a=candidate:842163049 1 udp 1686052607 203.0.113.7 46243 typ srflx raddr 192.168.1.10 rport 46243 generation 0 network-id 1 network-cost 10
        a=candidate:1 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active generation 0 network-id 1
        a=ice-ufrag:Xq2v
        a=ice-pwd:Yh3jK9LmN2pQ4rS6tU8vW0xZ
        a=ice-options:trickle
        a=fingerprint:sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendrecv
        a=msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a d1bc52d9-230d-477e-a225-71594720771f
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:13 CN/8000
        a=rtpmap:110 telephone-event/48000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:1001234567 cname:tB3lQz1cXo9uVqK2
        a=ssrc:1001234567 msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a d1bc52d9-230d-477e-a225-71594720771f
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101 112 113 116 117 118
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Xq2v
        a=ice-pwd:Yh3jK9LmN2pQ4rS6tU8vW0xZ
        a=ice-options:trickle
        a=fingerprint:sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
        a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
        a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendrecv
        a=msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:102 H264/90000
        a=rtcp-fb:102 goog-remb
        a=rtcp-fb:102 transport-cc
        a=rtcp-fb:102 ccm fir
        a=rtcp-fb:102 nack
        a=rtcp-fb:102 nack pli
        a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
        a=rtpmap:103 rtx/90000
        a=fmtp:103 apt=102
        a=rtpmap:104 H264/90000
        a=rtcp-fb:104 goog-remb
        a=rtcp-fb:104 transport-cc
        a=rtcp-fb:104 ccm fir
        a=rtcp-fb:104 nack
        a=rtcp-fb:104 nack pli
        a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f
        a=rtpmap:105 rtx/90000
        a=fmtp:105 apt=104
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 goog-remb
        a=rtcp-fb:106 transport-cc
        a=rtcp-fb:106 ccm fir
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=rtpmap:108 H264/90000
        a=rtcp-fb:108 goog-remb
        a=rtcp-fb:108 transport-cc
        a=rtcp-fb:108 ccm fir
        a=rtcp-fb:108 nack
        a=rtcp-fb:108 nack pli
        a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f
        a=rtpmap:109 rtx/90000
        a=fmtp:109 apt=108
        a=rtpmap:127 H264/90000
        a=rtcp-fb:127 goog-remb
        a=rtcp-fb:127 transport-cc
        a=rtcp-fb:127 ccm fir
        a=rtcp-fb:127 nack
        a=rtcp-fb:127 nack pli
        a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f
        a=rtpmap:125 rtx/90000
        a=fmtp:125 apt=127
        a=rtpmap:39 H264/90000
        a=rtcp-fb:39 goog-remb
        a=rtcp-fb:39 transport-cc
        a=rtcp-fb:39 ccm fir
        a=rtcp-fb:39 nack
        a=rtcp-fb:39 nack pli
        a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:45 AV1/90000
        a=rtcp-fb:45 goog-remb
        a=rtcp-fb:45 transport-cc
        a=rtcp-fb:45 ccm fir
        a=rtcp-fb:45 nack
        a=rtcp-fb:45 nack pli
        a=fmtp:45 level-idx=5;profile=0;tier=0
        a=rtpmap:46 rtx/90000
        a=fmtp:46 apt=45
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 goog-remb
        a=rtcp-fb:98 transport-cc
        a=rtcp-fb:98 ccm fir
        a=rtcp-fb:98 nack
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:100 VP9/90000
        a=rtcp-fb:100 goog-remb
        a=rtcp-fb:100 transport-cc
        a=rtcp-fb:100 ccm fir
        a=rtcp-fb:100 nack
        a=rtcp-fb:100 nack pli
        a=fmtp:100 profile-id=2
        a=rtpmap:101 rtx/90000
        a=fmtp:101 apt=100
        a=rtpmap:112 H264/90000
        a=rtcp-fb:112 goog-remb
        a=rtcp-fb:112 transport-cc
        a=rtcp-fb:112 ccm fir
        a=rtcp-fb:112 nack
        a=rtcp-fb:112 nack pli
        a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f
        a=rtpmap:113 rtx/90000
        a=fmtp:113 apt=112
        a=rtpmap:116 red/90000
        a=rtpmap:117 rtx/90000
        a=fmtp:117 apt=116
        a=rtpmap:118 ulpfec/90000
        a=ssrc-group:FID 2231627014 632943048
        a=ssrc:2231627014 cname:tB3lQz1cXo9uVqK2
        a=ssrc:2231627014 msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0
        a=ssrc:632943048 cname:tB3lQz1cXo9uVqK2
        a=ssrc:632943048 msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0

        """;

    /// <summary>Chrome with sendEncodings [q, h, f]: rid + simulcast, no SSRCs signalled; audio sendonly.</summary>
    public const string ChromeSimulcast = """
        v=0
        o=- 7702431283928385551 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:s1Mu
        a=ice-pwd:k8Jq0vWc3nE5yR7tA9uB2iD4
        a=ice-options:trickle
        a=fingerprint:sha-256 34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF:4D:FA:D7:14
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:5bd86d40-fc89-4b4a-aa50-df4db4d66a3a f52ddf5d-6164-49c9-a25a-7605aec6f024
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=ssrc:3735928559 cname:Zk9pQ2mV7xL4wR1s
        a=ssrc:3735928559 msid:5bd86d40-fc89-4b4a-aa50-df4db4d66a3a f52ddf5d-6164-49c9-a25a-7605aec6f024
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 106 107
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:s1Mu
        a=ice-pwd:k8Jq0vWc3nE5yR7tA9uB2iD4
        a=ice-options:trickle
        a=fingerprint:sha-256 34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF:4D:FA:D7:14
        a=setup:actpass
        a=mid:1
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:5bd86d40-fc89-4b4a-aa50-df4db4d66a3a 2d1c9af0-153e-4c2a-a6a2-c0bd3b1287ff
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 goog-remb
        a=rtcp-fb:106 transport-cc
        a=rtcp-fb:106 ccm fir
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=rid:q send
        a=rid:h send
        a=rid:f send
        a=simulcast:send q;h;f

        """;

    /// <summary>Chrome with SSRC simulcast (the SDP munging older SFUs ask for): a=ssrc-group:SIM with three layers, low to
    /// high, a FID group per layer, cname + msid on all six SSRCs and a=x-google-flag:conference; no rids. Audio sendrecv.</summary>
    public const string ChromeSsrcSimulcast = """
        v=0
        o=- 3097742381956124385 3 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS 2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21
        m=audio 9 UDP/TLS/RTP/SAVPF 111 63
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:3218750224 1 udp 2122260223 192.168.1.23 51002 typ host generation 0 network-id 1
        a=ice-ufrag:Ws7d
        a=ice-pwd:Pf4mQ8sT1vX3zB5dF7hJ9kL2
        a=ice-options:trickle
        a=fingerprint:sha-256 9C:1B:5E:7A:42:D0:86:3F:E1:2C:B4:97:0D:68:F3:A5:5B:C7:19:E8:24:6D:AF:30:81:F2:4E:9B:C6:07:D5:3A
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendrecv
        a=msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 6f7c2d1e-8a4b-4e5f-9c3d-1b2a3f4e5d6c
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=ssrc:2948174103 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:2948174103 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 6f7c2d1e-8a4b-4e5f-9c3d-1b2a3f4e5d6c
        m=video 9 UDP/TLS/RTP/SAVPF 96 97 106 107
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Ws7d
        a=ice-pwd:Pf4mQ8sT1vX3zB5dF7hJ9kL2
        a=ice-options:trickle
        a=fingerprint:sha-256 9C:1B:5E:7A:42:D0:86:3F:E1:2C:B4:97:0D:68:F3:A5:5B:C7:19:E8:24:6D:AF:30:81:F2:4E:9B:C6:07:D5:3A
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:13 urn:3gpp:video-orientation
        a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendrecv
        a=msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d
        a=rtcp-mux
        a=rtcp-rsize
        a=x-google-flag:conference
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:106 H264/90000
        a=rtcp-fb:106 goog-remb
        a=rtcp-fb:106 transport-cc
        a=rtcp-fb:106 ccm fir
        a=rtcp-fb:106 nack
        a=rtcp-fb:106 nack pli
        a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f
        a=rtpmap:107 rtx/90000
        a=fmtp:107 apt=106
        a=ssrc-group:SIM 1593287342 2714356018 3820157744
        a=ssrc-group:FID 1593287342 420736159
        a=ssrc-group:FID 2714356018 1067830525
        a=ssrc-group:FID 3820157744 2289564871
        a=ssrc:1593287342 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:1593287342 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d
        a=ssrc:2714356018 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:2714356018 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d
        a=ssrc:3820157744 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:3820157744 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d
        a=ssrc:420736159 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:420736159 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d
        a=ssrc:1067830525 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:1067830525 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d
        a=ssrc:2289564871 cname:Hq8rT3wY6zC1vB4n
        a=ssrc:2289564871 msid:2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d

        """;

    /// <summary>Chrome with sendEncodings [h, m, l] (high first, as LiveKit and mediasoup clients order them): rid +
    /// simulcast with a=rid restrictions, listed in a different order from a=simulcast; no SSRCs signalled.</summary>
    public const string ChromeRidSimulcastHml = """
        v=0
        o=- 5820371946382017213 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=rtcp:9 IN IP4 0.0.0.0
        a=ice-ufrag:Rm3k
        a=ice-pwd:Lw9xC2vB5nM8qA1sD4fG7hJ0
        a=ice-options:trickle
        a=fingerprint:sha-256 E4:21:7F:0A:93:5C:D8:46:B1:2E:6A:F9:03:C7:58:1D:A2:64:EB:39:0F:85:D3:7C:4A:B6:12:9E:F0:5D:C8:27
        a=setup:actpass
        a=mid:0
        a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:- 0d6f3c2b-1a4e-4b5d-8c7f-9e0a1b2c3d4e
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rid:l send max-width=320;max-height=180
        a=rid:m send max-width=640;max-height=360
        a=rid:h send max-width=1280;max-height=720
        a=simulcast:send h;m;l

        """;

    /// <summary>Firefox: session-level fingerprint, media-level ICE credentials, {uuid} msids, extmap directions,
    /// VP8/VP9/H264 with RTX, a datachannel m= line, mDNS host and srflx candidates, end-of-candidates.</summary>
    public const string Firefox = """
        v=0
        o=mozilla...THIS_IS_SDPARTA-99.0 5277574588349436014 0 IN IP4 0.0.0.0
        s=-
        t=0 0
        a=fingerprint:sha-256 27:A0:AE:B3:FE:E9:23:2F:8A:F2:21:1F:9E:E4:91:C5:B1:0B:EC:B5:56:3B:FC:1E:6F:93:42:7E:CB:C8:FE:29
        a=group:BUNDLE 0 1 2
        a=ice-options:trickle
        a=msid-semantic:WMS *
        m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
        c=IN IP4 0.0.0.0
        a=candidate:0 1 UDP 2122252543 3e3f4d6c-5b2a-4f0e-9a1d-2c7b8e9f0a1b.local 51980 typ host
        a=candidate:2 1 UDP 1686052863 198.51.100.23 51980 typ srflx raddr 0.0.0.0 rport 0
        a=sendrecv
        a=end-of-candidates
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
        a=fmtp:101 0-15
        a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0
        a=ice-ufrag:4a5b6c7d
        a=mid:0
        a=msid:{7b5a1f3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b} {9c8b7a6f-5e4d-4c3b-2a19-0f8e7d6c5b4a}
        a=rtcp-mux
        a=rtpmap:109 opus/48000/2
        a=rtpmap:9 G722/8000/1
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=setup:actpass
        a=ssrc:3443370171 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
        a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
        a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
        a=fmtp:120 max-fs=12288;max-fr=60
        a=fmtp:124 apt=120
        a=fmtp:121 max-fs=12288;max-fr=60
        a=fmtp:125 apt=121
        a=fmtp:127 apt=126
        a=fmtp:98 apt=97
        a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0
        a=ice-ufrag:4a5b6c7d
        a=mid:1
        a=msid:{7b5a1f3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b} {0a1b2c3d-4e5f-4061-8273-948596a7b8c9}
        a=rtcp-fb:120 nack
        a=rtcp-fb:120 nack pli
        a=rtcp-fb:120 ccm fir
        a=rtcp-fb:120 goog-remb
        a=rtcp-fb:120 transport-cc
        a=rtcp-fb:121 nack
        a=rtcp-fb:121 nack pli
        a=rtcp-fb:121 ccm fir
        a=rtcp-fb:121 goog-remb
        a=rtcp-fb:121 transport-cc
        a=rtcp-fb:126 nack
        a=rtcp-fb:126 nack pli
        a=rtcp-fb:126 ccm fir
        a=rtcp-fb:126 goog-remb
        a=rtcp-fb:126 transport-cc
        a=rtcp-fb:97 nack
        a=rtcp-fb:97 nack pli
        a=rtcp-fb:97 ccm fir
        a=rtcp-fb:97 goog-remb
        a=rtcp-fb:97 transport-cc
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:120 VP8/90000
        a=rtpmap:124 rtx/90000
        a=rtpmap:121 VP9/90000
        a=rtpmap:125 rtx/90000
        a=rtpmap:126 H264/90000
        a=rtpmap:127 rtx/90000
        a=rtpmap:97 H264/90000
        a=rtpmap:98 rtx/90000
        a=setup:actpass
        a=ssrc:2697541306 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc:1850130128 cname:{1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b}
        a=ssrc-group:FID 2697541306 1850130128
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=sendrecv
        a=ice-pwd:9f8e7d6c5b4a39281706f5e4d3c2b1a0
        a=ice-ufrag:4a5b6c7d
        a=mid:2
        a=setup:actpass
        a=sctp-port:5000
        a=max-message-size:1073741823

        """;

    public static string WithCrLf(string sdp) => sdp.Replace("\r\n", "\n").Replace("\n", "\r\n");
}
