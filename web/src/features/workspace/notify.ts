// Telling the agent about a new allocation: a short chime (WebAudio, no file to load) and, while the page is
// hidden and the person allowed it, a browser notification. The in-page toast is the provider's.

let audio: AudioContext | null = null;

/** Two short rising tones. Silent where WebAudio is missing or not yet allowed to start. */
export function playChime(): void {
  try {
    const Context = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Context) {
      return;
    }
    audio ??= new Context();
    if (audio.state === 'suspended') {
      void audio.resume().catch(() => undefined);
    }
    const start = audio.currentTime;
    [660, 880].forEach((frequency, index) => {
      const oscillator = audio!.createOscillator();
      const gain = audio!.createGain();
      const at = start + index * 0.14;
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.13);
      oscillator.connect(gain).connect(audio!.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.14);
    });
  } catch {
    // Sound is a courtesy; the toast still tells.
  }
}

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser; only ever called from a button the person pressed. */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') {
    return 'unsupported';
  }
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** A system notification, only while the page is hidden and permission was granted; clicking it opens `path`. */
export function showSystemNotification(title: string, body: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) {
    return;
  }
  try {
    const notification = new Notification(title, { body, tag: 'parley-allocation' });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the toast still tells.
  }
}
