// Camera simulcast: three encodings of one camera track (quarter, half and full resolution), so that the server can
// forward each subscriber the layer that fits its tile and its bandwidth, and pause layers nobody watches (dynacast).
// RIDs follow RFC 8851 (a=rid) and RFC 8853 (a=simulcast); the server answers with `a=simulcast:recv q;h;f`.

/** Low to high, the order the server's answer lists them in. Bitrates are per layer, at the camera's 24 fps. */
export const CAMERA_LAYERS = Object.freeze([
  Object.freeze({ rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 }),
  Object.freeze({ rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 }),
  Object.freeze({ rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 2_000_000 }),
]);

/**
 * Sends the camera track with three simulcast encodings. The encodings are given to addTransceiver, never added by
 * setParameters later: Firefox accepts them only there. Returns null when the browser refuses them (the caller then
 * sends one encoding with addTrack).
 * @param {RTCPeerConnection} pc
 * @returns {RTCRtpSender | null}
 */
export function addSimulcastCamera(pc, track, stream) {
  if (typeof pc.addTransceiver !== 'function') {
    return null;
  }
  try {
    const transceiver = pc.addTransceiver(track, {
      direction: 'sendonly',
      streams: [stream],
      sendEncodings: CAMERA_LAYERS.map((layer) => ({ ...layer })),
    });
    return transceiver.sender;
  } catch (error) {
    console.info('simulcast not available, sending one camera layer:', error?.message || error);
    return null;
  }
}

/**
 * After an answer: a server that did not accept simulcast leaves the sender with ONE encoding, and the browser keeps
 * that encoding's quarter-resolution scale and 150 kbit/s cap. Such a sender is set back to full resolution.
 * @param {RTCRtpSender} sender
 * @returns {Promise<boolean>} true when the sender was changed
 */
export async function fullResolutionIfSingleLayer(sender) {
  const params = sender.getParameters();
  const [only] = params.encodings ?? [];
  if (params.encodings?.length !== 1 || ((only.scaleResolutionDownBy ?? 1) === 1 && only.maxBitrate === undefined)) {
    return false;
  }
  only.scaleResolutionDownBy = 1;
  delete only.maxBitrate;
  await sender.setParameters(params);
  return true;
}

/**
 * Dynacast from the server: only the encodings whose RID is in `active` are sent; the others are paused in the
 * encoder (no CPU, no uplink). Every other parameter is kept, as setParameters requires the last getParameters().
 * A sender with one encoding without RID (simulcast not negotiated) is paused only when nothing is active.
 * @param {RTCRtpSender} sender
 * @param {string[]} active
 * @returns {Promise<boolean>} true when an encoding changed
 */
export async function applyActiveLayers(sender, active) {
  const params = sender.getParameters();
  let changed = false;
  for (const encoding of params.encodings ?? []) {
    const wanted = encoding.rid ? active.includes(encoding.rid) : active.length > 0;
    if ((encoding.active ?? true) !== wanted) {
      encoding.active = wanted;
      changed = true;
    }
  }
  if (changed) {
    await sender.setParameters(params);
  }
  return changed;
}

/** Active RIDs of a `layers` message, or null when it is malformed (the message is then ignored). */
export function activeRidsOf(message) {
  if (typeof message?.trackId !== 'string' || !Array.isArray(message.active) || !message.active.every((rid) => typeof rid === 'string')) {
    return null;
  }
  return message.active;
}
