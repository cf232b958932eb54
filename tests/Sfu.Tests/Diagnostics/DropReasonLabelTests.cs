using System.Text.RegularExpressions;
using Sfu.Diagnostics;

namespace Sfu.Tests.Diagnostics;

public class DropReasonLabelTests
{
    [Theory]
    [InlineData(DropReason.Malformed, "malformed")]
    [InlineData(DropReason.UnknownPayloadType, "unknown_payload_type")]
    [InlineData(DropReason.CodecNotNegotiated, "codec_not_negotiated")]
    [InlineData(DropReason.Paused, "paused")]
    [InlineData(DropReason.Padding, "padding")]
    [InlineData(DropReason.WaitingForKeyframe, "waiting_for_keyframe")]
    [InlineData(DropReason.TooOld, "too_old")]
    [InlineData(DropReason.StaleSource, "stale_source")]
    [InlineData(DropReason.SrtpSsrcLimit, "srtp_ssrc_limit")]
    [InlineData(DropReason.Empty, "empty")]
    [InlineData(DropReason.Duplicate, "duplicate")]
    public void Labels_are_snake_case_names_of_the_reason(DropReason reason, string label)
    {
        Assert.Equal(label, SfuMetrics.ToLabel(reason));
    }

    [Fact]
    public void Every_reason_has_its_own_label()
    {
        HashSet<string> labels = [];
        foreach (DropReason reason in Enum.GetValues<DropReason>())
        {
            string label = SfuMetrics.ToLabel(reason);
            Assert.Matches(new Regex("^[a-z]+(_[a-z]+)*$"), label);
            Assert.NotEqual("other", label);
            Assert.True(labels.Add(label), $"{reason} repeats the label {label}");
        }
    }
}
