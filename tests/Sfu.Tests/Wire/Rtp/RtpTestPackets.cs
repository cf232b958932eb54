namespace Sfu.Tests.Wire.Rtp;

/// <summary>Hand-built RTP packets whose every byte is explained (RFC 3550 section 5.1, RFC 8285).</summary>
internal static class RtpTestPackets
{
    /// <summary>Fixed header only, 3 payload bytes.</summary>
    public static byte[] Minimal() =>
    [
        0x80,                   // V=2, P=0, X=0, CC=0
        0x60,                   // M=0, PT=96
        0x12, 0x34,             // sequence number 0x1234
        0x00, 0x00, 0x56, 0x78, // timestamp 0x5678
        0xDE, 0xAD, 0xBE, 0xEF, // SSRC
        0x01, 0x02, 0x03,       // payload
    ];

    /// <summary>Every optional part: 2 CSRCs, a one-byte extension block, payload and 3 bytes of padding. 37 bytes.</summary>
    public static byte[] Full() =>
    [
        0xB2,                   // V=2, P=1, X=1, CC=2
        0xEF,                   // M=1, PT=111
        0xFF, 0xFF,             // sequence number 65535
        0x01, 0x02, 0x03, 0x04, // timestamp
        0x11, 0x22, 0x33, 0x44, // SSRC
        0xAA, 0xAA, 0xAA, 0xAA, // CSRC 1
        0xBB, 0xBB, 0xBB, 0xBB, // CSRC 2
        0xBE, 0xDE, 0x00, 0x02, // profile 0xBEDE (one-byte form), length 2 words
        0x10, 0xAB,             // id 1, L=0 -> 1 byte: 0xAB
        0x00,                   // padding byte between elements
        0x21, 0x01, 0x02,       // id 2, L=1 -> 2 bytes: 01 02
        0x00, 0x00,             // padding to the 32-bit boundary
        0xCA, 0xFE,             // payload
        0x00, 0x00, 0x03,       // RTP padding, last byte = count (3)
    ];

    /// <summary>A two-byte (RFC 8285 section 4.3) extension block with an empty element and an id above 14.</summary>
    public static byte[] TwoByteExtension() =>
    [
        0x90, 0x60, 0x00, 0x01, // V=2, X=1; PT=96; seq 1
        0x00, 0x00, 0x00, 0x02, // timestamp 2
        0x00, 0x00, 0x00, 0x03, // SSRC 3
        0x10, 0x00, 0x00, 0x02, // profile 0x1000 (two-byte form, appbits 0), length 2 words
        0x05, 0x00,             // id 5, length 0 (empty value)
        0x00,                   // padding
        0x20, 0x03, 0x61, 0x62, 0x63, // id 32, length 3: "abc"
        0x00, 0x00,             // padding
        0x99,                   // payload
    ];
}
