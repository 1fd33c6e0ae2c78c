/* The check-in page's QR scanner (events/templates/events/attendance_checkin.html).

   The phone's camera is read with the browser's BarcodeDetector where there is one (Chrome on
   Android); elsewhere (Safari on iPhone, Firefox) the vendored jsQR decoder
   (static/vendor/jsqr/, Apache-2.0) is loaded on first use and reads the video's frames. A
   personal QR code holds the ticket page's address (.../events/tickets/<token>/): the token is
   put in the page's ticket form, which is posted as typed codes are, and the page comes back
   with the answer and the scanner on again (?scan=1) for the next person.

   Without JavaScript, or without a camera, the same form takes a typed code, and the search
   below it finds people by name. */
(function () {
  "use strict";

  var box = document.querySelector("[data-scanner]");
  if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  var start = box.querySelector("[data-scan-start]");
  var stop = box.querySelector("[data-scan-stop]");
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  var form = box.querySelector("[data-scan-form]");
  var code = box.querySelector("[data-scan-code]");
  var flag = box.querySelector("[data-scan-flag]");
  var TICKET = /\/events\/tickets\/([A-Za-z0-9_-]{16,64})\/?(?:[?#].*)?$/;
  var TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
  // The ticket just checked in is still in front of the camera when the page comes back:
  // it is not sent again for a few seconds.
  var LAST = "sinergi-checkin-last";
  var QUIET_MS = 8000;
  var stream = null;
  var timer = null;
  var read = null; // function (video) -> Promise of the text found, or null

  start.hidden = false;

  function say(text) {
    status.textContent = text;
  }

  function tokenOf(text) {
    text = (text || "").trim();
    if (TOKEN.test(text)) return text;
    var match = TICKET.exec(text);
    return match ? match[1] : null;
  }

  function justSent(token) {
    try {
      var last = JSON.parse(window.sessionStorage.getItem(LAST) || "null");
      return last && last.token === token && Date.now() - last.at < QUIET_MS;
    } catch (error) {
      return false;
    }
  }

  function remember(token) {
    try {
      window.sessionStorage.setItem(LAST, JSON.stringify({ token: token, at: Date.now() }));
    } catch (error) {
      // Private browsing without storage: the same ticket may be answered twice, harmlessly.
    }
  }

  function detectorReader() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    return function (source) {
      return detector.detect(source).then(function (codes) {
        return codes.length ? codes[0].rawValue : null;
      });
    };
  }

  function jsqrReader() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return function (source) {
      var width = source.videoWidth;
      var height = source.videoHeight;
      if (!width || !height) return Promise.resolve(null);
      // A smaller frame is read faster and a ticket held up to the camera stays legible.
      var scale = Math.min(1, 640 / Math.max(width, height));
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      context.drawImage(source, 0, 0, canvas.width, canvas.height);
      var frame = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(frame.data, frame.width, frame.height, {
        inversionAttempts: "dontInvert",
      });
      return Promise.resolve(found ? found.data : null);
    };
  }

  function loadJsqr() {
    if (window.jsQR) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = box.dataset.jsqr;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function reader() {
    if (read) return Promise.resolve(read);
    var native = "BarcodeDetector" in window
      ? window.BarcodeDetector.getSupportedFormats().then(function (formats) {
          return formats.indexOf("qr_code") !== -1;
        })
      : Promise.resolve(false);
    return native.then(function (supported) {
      if (supported) {
        read = detectorReader();
        return read;
      }
      return loadJsqr().then(function () {
        read = jsqrReader();
        return read;
      });
    });
  }

  function halt() {
    clearTimeout(timer);
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function look() {
    if (!stream) return;
    read(video)
      .then(function (text) {
        if (!stream) return;
        if (text === null) {
          timer = setTimeout(look, 200);
          return;
        }
        var token = tokenOf(text);
        if (!token) {
          say(box.dataset.unreadable);
          timer = setTimeout(look, 1200);
          return;
        }
        if (justSent(token)) {
          timer = setTimeout(look, 400);
          return;
        }
        remember(token);
        halt();
        code.value = token;
        flag.value = "1";
        form.submit();
      })
      .catch(function () {
        timer = setTimeout(look, 400);
      });
  }

  function begin() {
    start.hidden = true;
    reader()
      .then(function () {
        return navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
      })
      .then(function (opened) {
        stream = opened;
        video.srcObject = stream;
        video.hidden = false;
        stop.hidden = false;
        say(box.dataset.looking);
        return video.play();
      })
      .then(look)
      .catch(function () {
        halt();
        say(box.dataset.noCamera);
      });
  }

  start.addEventListener("click", begin);
  stop.addEventListener("click", function () {
    halt();
    say("");
  });
  // The camera is let go when the page is left or hidden (the phone locked, another app).
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) halt();
  });
  if (box.dataset.autostart === "1") begin();
})();
