namespace Sfu.Routing;

/// <summary>
/// How a subscriber shows one remote video (signaling's videoPreferences): the tile's rendered size in device pixels
/// (0 = unknown), whether it is visible at all, and whether the subscriber pinned it. Tracks without one are visible
/// at the highest layer that fits.
/// </summary>
public readonly record struct VideoPreference(string TrackId, int Width, int Height, bool Visible, bool Pinned);
