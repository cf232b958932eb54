// Camera, microphone and speaker choice during the meeting (the pre-join preview's choice, web/js/devices.js, made
// again at any time). A camera or microphone switch replaces the published track in place (LocalMedia.switchDevice),
// so the others keep seeing and hearing us without a renegotiation. The lists follow devices being plugged in or out.
import { applySpeaker, fill, savedChoice, saveChoice } from './devices.js';
import { showNotice } from './notices.js';

export class DeviceSwitcher {
  /**
   * @param {{ camera: HTMLSelectElement, microphone: HTMLSelectElement, speaker: HTMLSelectElement }} selects
   * @param {import('./local-media.js').LocalMedia} localMedia
   */
  constructor(selects, localMedia) {
    this.selects = selects;
    this.localMedia = localMedia;
    this.choice = savedChoice();
  }

  wire() {
    const { camera, microphone, speaker } = this.selects;
    camera.addEventListener('change', () => this.#switch('camera', camera, 'cameraId'));
    microphone.addEventListener('change', () => this.#switch('microphone', microphone, 'microphoneId'));
    speaker.addEventListener('change', () => {
      this.choice.speakerId = speaker.value;
      saveChoice(this.choice);
      applySpeaker(speaker.value);
    });
    navigator.mediaDevices?.addEventListener?.('devicechange', () => this.refresh());
    return this.refresh();
  }

  /** Lists the devices, each list showing the device in use now. */
  async refresh() {
    let devices = [];
    try {
      devices = (await navigator.mediaDevices?.enumerateDevices?.()) || [];
    } catch {
      // no device list (an insecure page): the lists keep just "Default"
    }
    const { camera, microphone, speaker } = this.selects;
    fill(camera, devices.filter((d) => d.kind === 'videoinput'), this.localMedia.currentDeviceId('camera'), 'Camera');
    fill(microphone, devices.filter((d) => d.kind === 'audioinput'), this.localMedia.currentDeviceId('microphone'), 'Microphone');
    fill(speaker, devices.filter((d) => d.kind === 'audiooutput'), this.choice.speakerId, 'Speaker');
    speaker.disabled = !('setSinkId' in HTMLMediaElement.prototype); // this browser plays on its default output only
  }

  async #switch(source, select, key) {
    if (!select.value) {
      return; // "Default": the device in use stays (switching to "whatever the browser picks" would be a guess)
    }
    select.disabled = true;
    try {
      await this.localMedia.switchDevice(source, select.value);
      this.choice[key] = select.value;
      saveChoice(this.choice);
    } catch (error) {
      showNotice(`Cannot switch the ${source}: ${error?.message || error}`, { kind: 'media' });
    } finally {
      select.disabled = false;
      await this.refresh();
    }
  }
}
