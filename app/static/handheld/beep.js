// Different sounds for ok, warn and error, made with the Web Audio API (no sound files).
// Browsers allow sound only after a tap or key press: call unlock() from one.

const TONES = {
  ok: { type: "sine", notes: [[1175, 0.09]] },
  warn: { type: "triangle", notes: [[740, 0.12], [740, 0.12]] },
  error: { type: "square", notes: [[220, 0.22], [165, 0.38]] },
  queued: { type: "sine", notes: [[523, 0.1], [392, 0.1], [523, 0.1]] }, // kept, not answered
};
let context = null;

export function unlock() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return;
  context = context || new Ctx();
  if (context.state === "suspended") context.resume();
}

export function beep(result) {
  const tone = TONES[result] || TONES.error;
  document.body.dataset.beep = result;
  document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
  if (navigator.vibrate && result === "error") navigator.vibrate([120, 60, 220]);
  if (!context) return;
  let at = context.currentTime + 0.01;
  for (const [freq, length] of tone.notes) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = tone.type;
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.3, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + length);
    osc.connect(gain).connect(context.destination);
    osc.start(at);
    osc.stop(at + length);
    at += length + 0.05;
  }
}
