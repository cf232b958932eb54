using System.Text.Json.Nodes;

namespace Sfu.IntegrationTests.Firefox;

/// <summary>The about:config preferences that make a headless Firefox a usable test participant.</summary>
internal static class FirefoxPrefs
{
    /// <param name="secureOrigins">Hosts whose plain-http pages count as secure contexts (getUserMedia needs one).</param>
    public static JsonObject ForTests(IEnumerable<string> secureOrigins) => new()
    {
        // Fake camera (a colour-cycling frame) and microphone (a tone) without a permission prompt: there is no one
        // to click it, and headless Firefox has no real devices.
        ["media.navigator.streams.fake"] = true,
        ["media.navigator.permission.disabled"] = true,

        // Remote video and audio elements play without a user gesture, as the meeting page expects.
        ["media.autoplay.default"] = 0,
        ["media.autoplay.blocking_policy"] = 0,
        ["media.autoplay.block-webaudio"] = false,

        // The meeting is served over http from the veth address; treat it as secure so navigator.mediaDevices exists.
        ["dom.securecontext.allowlist"] = string.Join(',', secureOrigins),

        // Plain host candidates (not mDNS names), so a failing test's SDP shows which address Firefox offered.
        ["media.peerconnection.ice.obfuscate_host_addresses"] = false,

        // Never a proxy for test pages, whatever the machine's environment says.
        ["network.proxy.type"] = 0,
    };
}
