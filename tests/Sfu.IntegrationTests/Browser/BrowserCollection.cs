namespace Sfu.IntegrationTests.Browser;

/// <summary>
/// Browser tests run one at a time: each drives a Chromium with several pages encoding and decoding video, and on a
/// 2-core machine two of them at once would starve each other (and the media thread under test) of CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Headless Chromium";
}
