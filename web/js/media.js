// Local capture: camera and microphone in ONE MediaStream (its id is the streamId other participants
// see), a screen share in its own stream. Joining works with whatever is available, also nothing.

// 1280x720, so that the three simulcast layers (web/js/simulcast.js) are 320x180, 640x360 and 1280x720: the sizes the
// server's allocator picks for tiles up to 320, up to 640 and over 640 device px wide. The full layer is encoded only
// while someone shows this camera that large (dynacast), so a grid of small tiles costs two small encodings.
const CAMERA_CONSTRAINTS = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 24 } };

/**
 * Asks for camera and microphone together; if that fails, for each one alone, so that a blocked camera does not cost
 * the microphone (or the other way round). Joining works with whatever is granted, also nothing.
 * @param {{cameraId?: string, microphoneId?: string}} [choice] devices picked in the pre-join preview (default: any)
 * @returns {Promise<{stream: MediaStream, problems: string[]}>} problems name each device that is missing and why
 */
export async function acquireCameraAndMicrophone(choice = {}) {
  const audio = microphoneConstraints(choice.microphoneId);
  const video = cameraConstraints(choice.cameraId);
  const problems = [];
  if (!navigator.mediaDevices?.getUserMedia) {
    problems.push('This page cannot use a camera or microphone here (it needs https or localhost).');
    return { stream: new MediaStream(), problems };
  }

  try {
    const both = await openChosenDevices(choice);
    return { stream: new MediaStream(both.getTracks()), problems };
  } catch {
    // Which of the two failed, and why, is only known by asking for each alone (one at a time: one prompt at a time).
  }

  const tracks = [];
  const failures = [];
  for (const [what, constraints] of [['microphone', { audio, video: false }], ['camera', { audio: false, video }]]) {
    try {
      tracks.push(...(await navigator.mediaDevices.getUserMedia(constraints)).getTracks());
    } catch (error) {
      failures.push({ what, error });
    }
  }

  if (failures.length === 2 && sameReason(failures[0].error, failures[1].error)) {
    problems.push(describe(failures[0].error, 'camera and microphone'));
  } else {
    for (const { what, error } of failures.reverse()) { // camera first: the more common one to be missing
      problems.push(describe(error, what));
    }
  }
  return { stream: new MediaStream(tracks), problems };
}

/**
 * Camera and microphone together, the picked devices exactly: with only an "ideal" deviceId, Chrome's constraint solver
 * took another camera that fitted the resolution asked for better than the one the person picked. A picked device
 * that is gone (unplugged since it was remembered) or refuses falls back to any.
 * @param {{cameraId?: string, microphoneId?: string}} choice
 */
export async function openChosenDevices(choice) {
  if (choice.cameraId || choice.microphoneId) {
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: microphoneConstraints(choice.microphoneId, { exact: true }),
        video: cameraConstraints(choice.cameraId, { exact: true }),
      });
    } catch {
      // the defaults below
    }
  }
  return navigator.mediaDevices.getUserMedia({ audio: microphoneConstraints(choice.microphoneId), video: cameraConstraints(choice.cameraId) });
}

/**
 * getUserMedia video constraints for a camera: the simulcast capture size, on `cameraId` when given. `exact` insists
 * on that device (a switch during the meeting); otherwise it is preferred and any camera serves (a remembered device
 * may be gone).
 */
export function cameraConstraints(cameraId, { exact = false } = {}) {
  return cameraId ? { ...CAMERA_CONSTRAINTS, deviceId: exact ? { exact: cameraId } : { ideal: cameraId } } : CAMERA_CONSTRAINTS;
}

/** getUserMedia audio constraints for a microphone, like {@link cameraConstraints}. */
export function microphoneConstraints(microphoneId, { exact = false } = {}) {
  return microphoneId ? { deviceId: exact ? { exact: microphoneId } : { ideal: microphoneId } } : true;
}

/** Starts a screen share; resolves to null when the user cancels. */
export async function acquireScreen() {
  if (!navigator.mediaDevices?.getDisplayMedia) {
    throw new Error('Screen sharing is not supported by this browser.');
  }
  try {
    const captured = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    return new MediaStream(captured.getTracks());
  } catch (error) {
    if (error?.name === 'NotAllowedError' || error?.name === 'AbortError') {
      return null;
    }
    throw error;
  }
}

function sameReason(a, b) {
  const kind = (error) => ({ SecurityError: 'NotAllowedError', OverconstrainedError: 'NotFoundError' })[error?.name] || error?.name;
  return kind(a) === kind(b);
}

/** One sentence about one device (or both) that is missing, naming it and the reason. */
function describe(error, what) {
  const both = what.includes(' and ');
  const it = both ? 'them' : 'it';
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Access to your ${what} was denied. You joined without ${it}; allow access in the browser and rejoin to use ${it}.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what.replace(' and ', ' or ')} was found. You joined without ${it}.`;
    case 'NotReadableError':
      return `Your ${what} ${both ? 'are' : 'is'} in use by another application. You joined without ${it}.`;
    default:
      return `Your ${what} could not be started${error?.message ? ` (${error.message})` : ''}. You joined without ${it}.`;
  }
}
