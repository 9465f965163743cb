/* The clinic desk's camera scanner: reads the citizen's check-in QR, puts the token into the form and
   sends it, so the receptionist never types it. Every word shown comes from the page's data-msg-*
   attributes (translated in the template).

   Decoding uses the browser's own BarcodeDetector where it reads QR codes (Chrome on Android and
   macOS); elsewhere (Firefox, desktop Linux and Windows) the bundled jsQR is loaded from our own origin,
   once, and only when the receptionist starts the camera: it weighs more than the rest of the page,
   so it never slows the first paint. The section records which one ran in data-scan-engine. */
(() => {
  "use strict";

  // Without a camera API nothing is shown: the receptionist pastes or types the token instead.
  const media = navigator.mediaDevices;
  if (!media || typeof media.getUserMedia !== "function") {
    return;
  }

  // About 8 decodes a second: enough for a code held in front of the camera, light on an old desk PC.
  const FRAME_MS = 125;
  // Tokens make dense codes (about 80 modules a side), so the camera is asked for more than its usual
  // 640 × 480; frames are decoded at most this wide, which bounds the decoder's time per frame.
  const MAX_DECODE_SIDE = 1280;
  const CAMERA = { audio: false, video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } } };

  const scanners = new WeakMap();
  const running = new Set();
  let nativeSupport = null;
  const decoderLoads = new Map();

  function say(scanner, key) {
    scanner.status.textContent = key ? scanner.section.dataset[key] || "" : "";
  }

  function scannerFor(section) {
    let scanner = scanners.get(section);
    if (scanner) {
      return scanner;
    }
    let target = null;
    try {
      target = section.dataset.target ? document.querySelector(section.dataset.target) : null;
    } catch {
      target = null; // not a valid selector: the scanner stays hidden
    }
    scanner = {
      section,
      target,
      startButton: section.querySelector("[data-scan-start]"),
      stopButton: section.querySelector("[data-scan-stop]"),
      video: section.querySelector("[data-scan-video]"),
      status: section.querySelector("[data-scan-status]"),
      session: 0,
      stream: null,
      timer: null,
      canvas: null,
      frames: 0,
    };
    if (!scanner.target || !scanner.startButton || !scanner.stopButton || !scanner.video || !scanner.status) {
      return null;
    }
    scanners.set(section, scanner);
    return scanner;
  }

  function prepare(root) {
    if (!(root instanceof Element || root instanceof Document)) {
      return;
    }
    const sections = [...root.querySelectorAll("[data-qr-scanner]")];
    if (root instanceof Element && root.matches("[data-qr-scanner]")) {
      sections.push(root);
    }
    for (const section of sections) {
      const scanner = scannerFor(section);
      if (scanner && !running.has(scanner)) {
        scanner.startButton.hidden = false;
      }
    }
  }

  // --- Decoders -------------------------------------------------------------------------------------

  function hasNativeQr() {
    if (nativeSupport === null) {
      nativeSupport =
        typeof window.BarcodeDetector === "function" && typeof window.BarcodeDetector.getSupportedFormats === "function"
          ? window.BarcodeDetector.getSupportedFormats().then(
              (formats) => Array.isArray(formats) && formats.includes("qr_code"),
              () => false,
            )
          : Promise.resolve(false);
    }
    return nativeSupport;
  }

  // A plain <script> from our own origin: the CSP allows nothing else (no eval, no inline, no blob).
  function loadDecoder(src) {
    if (typeof window.jsQR === "function") {
      return Promise.resolve(window.jsQR);
    }
    if (!decoderLoads.has(src)) {
      const load = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.addEventListener("load", () =>
          typeof window.jsQR === "function" ? resolve(window.jsQR) : reject(new Error("no decoder")),
        );
        script.addEventListener("error", () => reject(new Error("decoder not loaded")));
        document.head.append(script);
      });
      // A failed load (the desk PC went offline) may be tried again with the next press of the button.
      load.catch(() => decoderLoads.delete(src));
      decoderLoads.set(src, load);
    }
    return decoderLoads.get(src);
  }

  async function engineFor(scanner) {
    if (await hasNativeQr()) {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return {
        name: "barcode-detector",
        async detect(video) {
          const codes = await detector.detect(video);
          return codes.length ? codes[0].rawValue : null;
        },
      };
    }
    const src = scanner.section.dataset.decoderSrc;
    if (!src) {
      throw new Error("no decoder");
    }
    const jsQR = await loadDecoder(src);
    return {
      name: "bundled",
      async detect(video) {
        const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(video.videoWidth, video.videoHeight));
        const width = Math.round(video.videoWidth * scale);
        const height = Math.round(video.videoHeight * scale);
        if (!scanner.canvas) {
          scanner.canvas = document.createElement("canvas");
        }
        const canvas = scanner.canvas;
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(video, 0, 0, width, height);
        const pixels = context.getImageData(0, 0, width, height);
        // The portal draws dark on light, but a phone in an inverted display mode shows light on dark:
        // alternate the two instead of trying both on every frame, which would halve the frame rate.
        scanner.frames += 1;
        const inversionAttempts = scanner.frames % 2 ? "dontInvert" : "onlyInvert";
        const code = jsQR(pixels.data, width, height, { inversionAttempts });
        return code ? code.data : null;
      },
    };
  }

  // --- Camera ---------------------------------------------------------------------------------------

  function stopCamera(scanner) {
    scanner.session += 1; // anything still pending for the old session sees this and gives up
    window.clearTimeout(scanner.timer);
    scanner.timer = null;
    if (scanner.stream) {
      for (const track of scanner.stream.getTracks()) {
        track.stop();
      }
      scanner.stream = null;
    }
    scanner.video.srcObject = null;
    scanner.video.hidden = true;
    scanner.stopButton.hidden = true;
    scanner.startButton.hidden = false;
    running.delete(scanner);
  }

  async function start(scanner) {
    if (running.has(scanner)) {
      return;
    }
    stopCamera(scanner);
    const session = scanner.session;
    running.add(scanner);
    scanner.startButton.hidden = true;
    scanner.stopButton.hidden = false;
    say(scanner, "msgStarting");

    // The camera prompt and the decoder download run side by side; failures become null, so that
    // neither promise can reject unobserved while the other is awaited.
    const [stream, engine] = await Promise.all([
      media.getUserMedia(CAMERA).catch(() => null),
      engineFor(scanner).catch(() => null),
    ]);
    if (session !== scanner.session) {
      // Stopped (or the page hidden) while the camera was being opened.
      stream?.getTracks().forEach((track) => track.stop());
      return;
    }
    if (!stream || !engine) {
      stream?.getTracks().forEach((track) => track.stop());
      stopCamera(scanner);
      say(scanner, stream ? "msgUnsupported" : "msgDenied");
      return;
    }
    scanner.section.dataset.scanEngine = engine.name;
    scanner.stream = stream;
    scanner.video.srcObject = stream;
    scanner.video.hidden = false;
    try {
      await scanner.video.play();
    } catch {
      // A muted inline video may always play; if it still refuses, frames simply never arrive.
    }
    if (session !== scanner.session) {
      return;
    }
    say(scanner, "msgScanning");
    scanner.timer = window.setTimeout(() => scan(scanner, engine, session), FRAME_MS);
  }

  async function scan(scanner, engine, session) {
    if (session !== scanner.session) {
      return;
    }
    if (!scanner.section.isConnected) {
      stopCamera(scanner); // htmx swapped the scanner out: the camera must not stay on unseen
      return;
    }
    let text = null;
    const video = scanner.video;
    if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      try {
        text = await engine.detect(video);
      } catch {
        text = null; // a frame the decoder could not read; the next one may do
      }
    }
    if (session !== scanner.session) {
      return;
    }
    text = typeof text === "string" ? text.trim() : "";
    if (text) {
      found(scanner, text);
    } else {
      scanner.timer = window.setTimeout(() => scan(scanner, engine, session), FRAME_MS);
    }
  }

  function found(scanner, text) {
    stopCamera(scanner);
    const target = scanner.target;
    target.value = text;
    target.dispatchEvent(new Event("input", { bubbles: true }));
    say(scanner, "msgFound");
    const form = target.form || target.closest("form");
    if (!form) {
      return;
    }
    // requestSubmit fires the submit event, so htmx (if the form uses it) sends the request.
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      const button = form.querySelector("button[type=submit], input[type=submit]");
      if (button) {
        button.click();
      } else {
        form.submit();
      }
    }
  }

  // --- Wiring ---------------------------------------------------------------------------------------

  // Delegated, so that a scanner that htmx swaps into the page works as well as the first one.
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-scan-start], [data-scan-stop]") : null;
    const section = button ? button.closest("[data-qr-scanner]") : null;
    const scanner = section ? scannerFor(section) : null;
    if (!scanner) {
      return;
    }
    if (button.matches("[data-scan-start]")) {
      start(scanner);
    } else {
      stopCamera(scanner);
      say(scanner, null);
    }
  });

  // The camera is switched off when the desk leaves the page or hides it, never left on unseen.
  function stopAll() {
    for (const scanner of [...running]) {
      stopCamera(scanner);
      say(scanner, null);
    }
  }
  window.addEventListener("pagehide", stopAll);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      stopAll();
    }
  });

  document.addEventListener("htmx:load", (event) => prepare(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => prepare(document));
  } else {
    prepare(document);
  }
})();
