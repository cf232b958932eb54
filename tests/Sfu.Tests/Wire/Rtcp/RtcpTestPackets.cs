namespace Sfu.Tests.Wire.Rtcp;

/// <summary>
/// RTCP byte vectors with every field explained. "Captured" vectors are Chrome/libwebrtc output as
/// published in packet dumps of the pion/rtcp test suite; the rest are built by hand from the RFC
/// layouts.
/// </summary>
internal static class RtcpTestPackets
{
    /// <summary>Captured Chrome receiver report (RFC 3550 section 6.4.2), 32 bytes.</summary>
    public static readonly byte[] ChromeReceiverReport =
    [
        0x81, 0xC9, 0x00, 0x07, // V=2, P=0, RC=1; PT=201 (RR); length 7 -> 32 bytes
        0x90, 0x2F, 0x9E, 0x2E, // SSRC of packet sender
        0xBC, 0x5E, 0x9A, 0x40, // report block: SSRC of source
        0x00, 0x00, 0x00, 0x00, // fraction lost 0, cumulative lost 0
        0x00, 0x00, 0x46, 0xE1, // extended highest sequence number 0x46E1
        0x00, 0x00, 0x01, 0x11, // jitter 273
        0x09, 0xF3, 0x64, 0x32, // LSR
        0x00, 0x02, 0x4A, 0x79, // DLSR 150137 (~2.29 s)
    ];

    /// <summary>Captured Chrome REMB (draft-alvestrand-rmcat-remb-03) while receiving a ~6 Mb/s stream, 24 bytes.</summary>
    public static readonly byte[] ChromeRemb =
    [
        0x8F, 0xCE, 0x00, 0x05, // V=2, P=0, FMT=15; PT=206 (PSFB); length 5 -> 24 bytes
        0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
        0x00, 0x00, 0x00, 0x00, // SSRC of media source: 0
        0x52, 0x45, 0x4D, 0x42, // 'R' 'E' 'M' 'B'
        0x01,                   // Num SSRC = 1
        0x1A,                   // BR Exp = 0x1A >> 2 = 6; top 2 mantissa bits = 0b10
        0x20, 0xDF,             // mantissa = 0b10_0010_0000_1101_1111 = 139487; 139487 << 6 = 8,927,168 b/s
        0x48, 0x74, 0xED, 0x16, // SSRC feedback: 1215622422
    ];

    /// <summary>Chrome's usual reduced feedback compound: RR followed by REMB.</summary>
    public static byte[] ChromeRrRemb() => [.. ChromeReceiverReport, .. ChromeRemb];

    /// <summary>A captured compound: RR, SDES, BYE, PLI, RTPFB FMT 5 (RRR), APP — 132 bytes.</summary>
    public static readonly byte[] CapturedDump =
    [
        .. ChromeReceiverReport,
        0x81, 0xCA, 0x00, 0x0C, // SDES: SC=1, length 12 -> 52 bytes
        0x90, 0x2F, 0x9E, 0x2E, // chunk SSRC
        0x01, 0x26,             // CNAME, 38 bytes
        .. "{9c00eb92-1afb-9d49-a47d-91f64eee69f5}"u8,
        0x00, 0x00, 0x00, 0x00, // null item + padding to 32 bits
        0x81, 0xCB, 0x00, 0x01, // BYE: SC=1, length 1 -> 8 bytes
        0x90, 0x2F, 0x9E, 0x2E, // source
        0x81, 0xCE, 0x00, 0x02, // PSFB FMT 1 (PLI), length 2 -> 12 bytes
        0x90, 0x2F, 0x9E, 0x2E, // sender
        0x90, 0x2F, 0x9E, 0x2E, // media
        0x85, 0xCD, 0x00, 0x02, // RTPFB FMT 5 (rapid resynchronisation request)
        0x90, 0x2F, 0x9E, 0x2E,
        0x90, 0x2F, 0x9E, 0x2E,
        0x80, 0xCC, 0x00, 0x03, // APP, subtype 0, length 3 -> 16 bytes
        0x4B, 0xAA, 0xE1, 0xAB, // SSRC
        0x4E, 0x41, 0x4D, 0x45, // name 'NAME'
        0x41, 0x42, 0x43, 0x44, // data 'ABCD'
    ];

    /// <summary>Hand-built SR with one report block followed by an SDES CNAME, as a sender emits every few seconds.</summary>
    public static readonly byte[] SenderReportWithSdes =
    [
        0x81, 0xC8, 0x00, 0x0C, // V=2, P=0, RC=1; PT=200 (SR); length 12 -> 52 bytes
        0x12, 0x34, 0x56, 0x78, // SSRC of sender
        0xE8, 0xB1, 0xC9, 0xF2, // NTP seconds
        0x80, 0x00, 0x00, 0x00, // NTP fraction 0.5
        0x00, 0x01, 0x5F, 0x90, // RTP timestamp 90000
        0x00, 0x00, 0x03, 0xE8, // sender's packet count 1000
        0x00, 0x0F, 0x42, 0x40, // sender's octet count 1,000,000
        0x9A, 0xBC, 0xDE, 0xF0, // report block: source SSRC
        0x19,                   // fraction lost 25/256
        0xFF, 0xFF, 0xFD,       // cumulative lost -3 (24-bit two's complement: duplicates)
        0x00, 0x01, 0x00, 0x10, // extended highest seq: 1 cycle, seq 16
        0x00, 0x00, 0x00, 0x20, // jitter 32
        0xC9, 0xF2, 0x80, 0x00, // LSR: middle 32 bits of an SR's NTP timestamp
        0x00, 0x01, 0x00, 0x00, // DLSR 65536/65536 = 1 s
        0x81, 0xCA, 0x00, 0x06, // SDES: SC=1; PT=202; length 6 -> 28 bytes
        0x12, 0x34, 0x56, 0x78, // chunk SSRC
        0x01, 0x10,             // CNAME, 16 bytes
        .. "mUgBGYb6mR7Rlxgd"u8,
        0x00, 0x00,             // null item + 1 byte padding (26 + 2 = 28)
    ];

    /// <summary>
    /// Captured transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1)
    /// with both chunk kinds, a large delta, a run chunk longer than the status count, and RTCP
    /// padding, 32 bytes.
    /// </summary>
    public static readonly byte[] CapturedTransportCc =
    [
        0xAF, 0xCD, 0x00, 0x07, // V=2, P=1, FMT=15; PT=205; length 7 -> 32 bytes
        0x9B, 0x74, 0xF6, 0x1F, // SSRC of packet sender
        0x93, 0x71, 0xDC, 0xBC, // SSRC of media source
        0x85, 0x3C,             // base sequence number 34108
        0x00, 0x09,             // packet status count 9
        0x63, 0xF9, 0x16,       // reference time 6551830 (x 64 ms)
        0xB3,                   // feedback packet count 179
        0xD5, 0x52,             // two-bit vector: 01 01 01 01 01 00 10 = 5 small, not received, large
        0x00, 0x30,             // run length: 48 x not received (only 2 are counted)
        0x9B,                   // small deltas (x 250 us): 155, 170, 106, 170, 123
        0xAA,
        0x6A,
        0xAA,
        0x7B,
        0x01, 0x09,             // large delta 265
        0x01,                   // RTCP padding: 1 byte
    ];
}
