// Camera, microphone and speaker choice: the pre-join preview (shown when the link does not name the participant,
// so ?name= still joins at once). During the meeting the same choice is web/js/device-switcher.js. The choice is
// remembered per browser.

import { openChosenDevices } from './media.js';

const CHOICE_KEY = 'sfu.devices';

export function savedChoice() {
  try {
    return JSON.parse(localStorage.getItem(CHOICE_KEY) || '{}') || {};
  } catch {
    return {};
  }
}

export function saveChoice(choice) {
  localStorage.setItem(CHOICE_KEY, JSON.stringify(choice));
}

/** Fills a <select> with the devices of one kind ("" = the browser's default first). */
export function fill(select, devices, selected, label) {
  select.replaceChildren(new Option('Default', ''));
  devices.forEach((device, i) => select.append(new Option(device.label || `${label} ${i + 1}`, device.deviceId)));
  select.value = devices.some((d) => d.deviceId === selected) ? selected : '';
}

/** Plays every audio and video element of the page (present and future) on the chosen speaker, where supported. */
export function applySpeaker(speakerId) {
  const apply = (element) => element.setSinkId?.(speakerId || '').catch(() => {});
  document.querySelectorAll('audio, video').forEach(apply);
  if (!applySpeaker.observer) {
    applySpeaker.observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof HTMLMediaElement) {
            apply(node);
          } else if (node.querySelectorAll) {
            node.querySelectorAll('audio, video').forEach(apply);
          }
        }
      }
    });
    applySpeaker.observer.observe(document.body, { childList: true, subtree: true });
  }
}

/**
 * The pre-join card: a live preview of the chosen camera and microphone and the speaker choice. Resolves the choice
 * ({cameraId, microphoneId, speakerId}) when the person presses "Join now"; the preview's tracks are stopped.
 */
export async function preJoin({ card, video, camera, microphone, speaker, join }) {
  const choice = savedChoice();
  let stream = null;
  const stop = () => stream?.getTracks().forEach((t) => t.stop());
  let preview = Promise.resolve(); // the latest (re)start of the preview
  const refresh = () => (preview = load());
  const load = async () => {
    stop();
    try {
      stream = await openChosenDevices(choice);
    } catch {
      stream = null; // joining works without devices; the meeting page says what is missing
    }
    video.srcObject = stream;
    const devices = (await navigator.mediaDevices.enumerateDevices?.()) || [];
    fill(camera, devices.filter((d) => d.kind === 'videoinput'), choice.cameraId, 'Camera');
    fill(microphone, devices.filter((d) => d.kind === 'audioinput'), choice.microphoneId, 'Microphone');
    fill(speaker, devices.filter((d) => d.kind === 'audiooutput'), choice.speakerId, 'Speaker');
  };
  camera.onchange = () => { choice.cameraId = camera.value; refresh(); };
  microphone.onchange = () => { choice.microphoneId = microphone.value; refresh(); };
  speaker.onchange = () => { choice.speakerId = speaker.value; };
  // Listening before the devices are listed: a press of "Join now" while the camera still starts must not be lost.
  const joined = new Promise((resolve) => join.addEventListener('click', resolve, { once: true }));
  card.hidden = false;
  if (navigator.mediaDevices?.getUserMedia) {
    refresh();
  }
  await joined;
  await preview.catch(() => {}); // a preview still starting is stopped once it has started, not left capturing
  stop();
  video.srcObject = null;
  card.hidden = true;
  saveChoice(choice);
  return choice;
}
