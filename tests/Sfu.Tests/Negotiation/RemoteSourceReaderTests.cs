using Sfu.Wire.Sdp;
using Sfu.Negotiation;
using static Sfu.Tests.Negotiation.NegotiationFixtures;

using Sfu.Tests.Wire.Sdp;
namespace Sfu.Tests.Negotiation;

/// <summary>What <see cref="RemoteSourceReader"/> takes as encodings and RTX from SSRC (SIM/FID) and rid simulcast offers.</summary>
public class RemoteSourceReaderTests
{
    private const string Msid = "2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21 a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d";

    [Fact]
    public void Sim_group_gives_one_encoding_per_layer_in_sim_order_with_its_fid_rtx()
    {
        var remote = RemoteSourceReader.Read(SdpTestHelpers.Parse(SampleOffers.ChromeSsrcSimulcast).Media[1]);

        // The three SIM SSRCs are the encodings (low to high); the FID second SSRCs are their RTX, never encodings.
        Assert.Equal(
            [new RemoteEncoding(1593287342, 420736159), new RemoteEncoding(2714356018, 1067830525), new RemoteEncoding(3820157744, 2289564871)],
            remote.Encodings);
        Assert.True(remote.IsSimulcast);
        Assert.Empty(remote.Rids);
        Assert.Equal("2b0e3f3a-9d41-4c4f-8d37-6a3f4e0b7c21", remote.StreamId);
        Assert.Equal("a4c3b2d1-6e5f-4a7b-8c9d-0e1f2a3b4c5d", remote.TrackId);
        Assert.Equal("Hq8rT3wY6zC1vB4n", remote.Cname);
    }

    [Fact]
    public void Sim_order_wins_over_the_order_of_the_ssrc_lines()
    {
        // Same SSRCs, but the SIM group lists the layers high to low and the a=ssrc lines start with an RTX SSRC.
        var text = ReplaceLines(SampleOffers.ChromeSsrcSimulcast, "a=ssrc-group:SIM", "a=ssrc-group:SIM 3820157744 1593287342 2714356018");
        text = text.Replace("a=ssrc:1593287342 cname", "a=ssrc:2289564871 cname:Hq8rT3wY6zC1vB4n\na=ssrc:1593287342 cname", StringComparison.Ordinal);
        var remote = RemoteSourceReader.Read(SdpTestHelpers.Parse(text).Media[1]);

        Assert.Equal([3820157744u, 1593287342u, 2714356018u], remote.Encodings.Select(e => e.Ssrc));
        Assert.Equal([2289564871u, 420736159u, 1067830525u], remote.Encodings.Select(e => e.RtxSsrc!.Value));
    }

    [Fact]
    public void Sim_without_fid_has_no_rtx()
    {
        var remote = RemoteSourceReader.Read(SdpTestHelpers.Parse(ReplaceLines(SampleOffers.ChromeSsrcSimulcast, "a=ssrc-group:FID", null)).Media[1]);

        Assert.Equal([new RemoteEncoding(1593287342, null), new RemoteEncoding(2714356018, null), new RemoteEncoding(3820157744, null)], remote.Encodings);
    }

    [Fact]
    public void Without_sim_every_non_rtx_ssrc_is_an_encoding_in_line_order()
    {
        // No SIM group: the reader falls back to a=ssrc line order and still drops the FID RTX SSRCs.
        var remote = RemoteSourceReader.Read(SdpTestHelpers.Parse(ReplaceLines(SampleOffers.ChromeSsrcSimulcast, "a=ssrc-group:SIM", null)).Media[1]);

        Assert.Equal(
            [new RemoteEncoding(1593287342, 420736159), new RemoteEncoding(2714356018, 1067830525), new RemoteEncoding(3820157744, 2289564871)],
            remote.Encodings);
    }

    [Fact]
    public void Only_the_first_sim_group_counts()
    {
        var text = ReplaceLines(SampleOffers.ChromeSsrcSimulcast, "a=ssrc-group:SIM", "a=ssrc-group:SIM 1593287342 2714356018\na=ssrc-group:SIM 3820157744");
        var remote = RemoteSourceReader.Read(SdpTestHelpers.Parse(text).Media[1]);

        Assert.Equal([1593287342u, 2714356018u], remote.Encodings.Select(e => e.Ssrc));
    }

    [Fact]
    public void Ssrc_msid_is_used_when_there_is_no_media_msid()
    {
        var remote = RemoteSourceReader.Read(SdpTestHelpers.Parse(ReplaceLines(SampleOffers.ChromeSsrcSimulcast, "a=msid:", null)).Media[1]);

        Assert.Equal(Msid, remote.StreamId + " " + remote.TrackId);
    }

    [Fact]
    public void Rid_simulcast_follows_the_simulcast_line_not_the_rid_lines()
    {
        var media = SdpTestHelpers.Parse(SampleOffers.ChromeRidSimulcastHml).Media[0];

        var remote = RemoteSourceReader.Read(media);

        // RFC 8853 section 5.1: a=simulcast gives the order; a=rid l/m/h only declares them.
        Assert.Equal(["h", "m", "l"], remote.Rids);
        Assert.Empty(remote.Encodings);
        Assert.True(remote.IsSimulcast);
        Assert.Equal("-", remote.StreamId);
    }

    [Fact]
    public void Simulcast_rids_that_no_a_rid_declares_are_dropped()
    {
        var media = SdpTestHelpers.Parse(ReplaceLines(SampleOffers.ChromeRidSimulcastHml, "a=rid:m", null)).Media[0];

        Assert.Equal(["h", "l"], RemoteSourceReader.ReadSendRids(media));
    }

    [Fact]
    public void Recv_rids_are_not_send_rids()
    {
        var media = SdpTestHelpers.Parse(ReplaceLines(SampleOffers.ChromeRidSimulcastHml, "a=rid:l", "a=rid:l recv")).Media[0];

        Assert.Equal(["h", "m"], RemoteSourceReader.ReadSendRids(media));
    }
}
