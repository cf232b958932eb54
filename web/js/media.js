// Local capture: camera and microphone in ONE MediaStream (its id is the streamId other participants
// see), a screen share in its own stream. Joining works with whatever is available, also nothing.

const CAMERA_CONSTRAINTS = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };

/**
 * Asks for camera and microphone, falling back to one of them, then to none.
 * @returns {Promise<{stream: MediaStream, problems: string[]}>}
 */
export async function acquireCameraAndMicrophone() {
  const problems = [];
  if (!navigator.mediaDevices?.getUserMedia) {
    problems.push('This page cannot use a camera or microphone here (it needs https or localhost).');
    return { stream: new MediaStream(), problems };
  }

  const attempts = [
    { audio: true, video: CAMERA_CONSTRAINTS },
    { audio: true, video: false },
    { audio: false, video: CAMERA_CONSTRAINTS },
  ];
  const errors = [];
  for (const constraints of attempts) {
    try {
      const captured = await navigator.mediaDevices.getUserMedia(constraints);
      if (constraints.video === false) {
        problems.push(describe(errors[0], 'camera'));
      } else if (constraints.audio === false) {
        problems.push(describe(errors[errors.length - 1], 'microphone'));
      }
      return { stream: new MediaStream(captured.getTracks()), problems };
    } catch (error) {
      errors.push(error);
      if (error?.name === 'NotAllowedError' && constraints.audio && constraints.video) {
        // Denied outright: asking again for less would only be denied again.
        break;
      }
    }
  }

  problems.push(describe(errors[0], 'camera and microphone'));
  return { stream: new MediaStream(), problems };
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

function describe(error, what) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Access to your ${what} was denied. You joined without it; allow access in the browser and rejoin to use it.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${what.replace(" and ", " or ")} was found. You joined without it.`;
    case 'NotReadableError':
      return `Your ${what} is in use by another application. You joined without it.`;
    default:
      return `Your ${what} could not be started${error?.message ? ` (${error.message})` : ''}. You joined without it.`;
  }
}
